package io.itmcp.e2e.security;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Decodes the capability masks of /proc/PID/status (CapEff, CapBnd, ...) into names. */
final class LinuxCapabilities {
  /** By bit number, as in linux/capability.h. */
  static final List<String> NAMES =
      List.of(
          "CHOWN",
          "DAC_OVERRIDE",
          "DAC_READ_SEARCH",
          "FOWNER",
          "FSETID",
          "KILL",
          "SETGID",
          "SETUID",
          "SETPCAP",
          "LINUX_IMMUTABLE",
          "NET_BIND_SERVICE",
          "NET_BROADCAST",
          "NET_ADMIN",
          "NET_RAW",
          "IPC_LOCK",
          "IPC_OWNER",
          "SYS_MODULE",
          "SYS_RAWIO",
          "SYS_CHROOT",
          "SYS_PTRACE",
          "SYS_PACCT",
          "SYS_ADMIN",
          "SYS_BOOT",
          "SYS_NICE",
          "SYS_RESOURCE",
          "SYS_TIME",
          "SYS_TTY_CONFIG",
          "MKNOD",
          "LEASE",
          "AUDIT_WRITE",
          "AUDIT_CONTROL",
          "SETFCAP",
          "MAC_OVERRIDE",
          "MAC_ADMIN",
          "SYSLOG",
          "WAKE_ALARM",
          "BLOCK_SUSPEND",
          "AUDIT_READ",
          "PERFMON",
          "BPF",
          "CHECKPOINT_RESTORE");

  private LinuxCapabilities() {}

  static Set<String> decode(String hexMask) {
    BigInteger mask = new BigInteger(hexMask.strip(), 16);
    Set<String> names = new TreeSet<>();
    for (int bit = 0; bit < mask.bitLength(); bit++) {
      if (mask.testBit(bit)) {
        names.add(bit < NAMES.size() ? NAMES.get(bit) : "CAP_" + bit);
      }
    }
    return names;
  }

  /** The value of a "Name:\tvalue" line of /proc/PID/status. */
  static String field(String procStatus, String name) {
    return procStatus
        .lines()
        .filter(l -> l.startsWith(name + ":"))
        .findFirst()
        .map(l -> l.substring(name.length() + 1).strip())
        .orElseThrow(() -> new AssertionError("no " + name + " in /proc status:\n" + procStatus));
  }
}
