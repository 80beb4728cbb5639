package io.itmcp.gateway.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the local runtime needs to know about the machine it runs on. */
final class HostFacts {

  private HostFacts() {
  }

  static boolean runningAsRoot() {
    return "0".equals(statusField("Uid:"));
  }

  /** Whether net.ipv4.ping_group_range lets this process's group open ICMP echo sockets without a capability. */
  static boolean unprivilegedIcmp() {
    try {
      String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ping_group_range")).trim().split("\\s+");
      long gid = Long.parseLong(statusField("Gid:"));
      return gid >= Long.parseLong(range[0]) && gid <= Long.parseLong(range[1]);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The real id from a "Uid:" or "Gid:" line of /proc/self/status, or "" when unreadable. */
  private static String statusField(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          return line.substring(field.length()).trim().split("\\s+")[0];
        }
      }
    } catch (IOException e) {
      return "";
    }
    return "";
  }
}
