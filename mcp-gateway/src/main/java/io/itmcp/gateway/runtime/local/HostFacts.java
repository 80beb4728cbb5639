package io.itmcp.gateway.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the local runtime needs to know about the machine it runs on. */
final class HostFacts {

  private HostFacts() {}

  /**
   * The bubblewrap arguments that show the system's programs and libraries and nothing else: {@code
   * /usr} read-only, and /bin, /sbin, /lib, /lib32, /lib64, /libx32 as the same symlinks (merged
   * /usr) or read-only binds as on the host.
   */
  static List<String> systemView() {
    if (!Files.isDirectory(Path.of("/usr"))) {
      return List.of();
    }
    List<String> view = new ArrayList<>(List.of("--ro-bind", "/usr", "/usr"));
    for (String dir : List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")) {
      Path p = Path.of(dir);
      try {
        if (Files.isSymbolicLink(p)) {
          view.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), dir));
        } else if (Files.isDirectory(p)) {
          view.addAll(List.of("--ro-bind", dir, dir));
        }
      } catch (IOException e) {
        return List.of();
      }
    }
    return view;
  }

  static boolean runningAsRoot() {
    return "0".equals(statusField("Uid:"));
  }

  /**
   * Whether net.ipv4.ping_group_range lets this process's group open ICMP echo sockets without a
   * capability.
   */
  static boolean unprivilegedIcmp() {
    try {
      String[] range =
          Files.readString(Path.of("/proc/sys/net/ipv4/ping_group_range")).trim().split("\\s+");
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
