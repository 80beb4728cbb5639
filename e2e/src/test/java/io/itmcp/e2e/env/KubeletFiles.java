package io.itmcp.e2e.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Gives a host directory the ownership and modes the kubelet gives a Secret or ConfigMap volume:
 * each file gets the volume's defaultMode; with an fsGroup, files are group-owned by it and made
 * group-readable (the kubelet ORs 0440 into read-only volumes), owner root.
 */
final class KubeletFiles {
  private KubeletFiles() {}

  static Path prepare(Path dir, int defaultMode, Long fsGroup) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.toList()) {
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        Files.setAttribute(p, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
        if (fsGroup != null) {
          Files.setAttribute(p, "unix:gid", fsGroup.intValue(), LinkOption.NOFOLLOW_LINKS);
        }
        int mode = Files.isDirectory(p) ? 0755 : defaultMode | (fsGroup != null ? 0440 : 0);
        Files.setPosixFilePermissions(p, permissions(mode));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }
}
