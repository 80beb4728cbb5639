package io.itmcp.gateway.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds a bubblewrap that can actually make a sandbox here (user namespaces may be off). */
final class Bubblewrap {

  private Bubblewrap() {
  }

  static Optional<Path> find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "bwrap");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Empty when a trivial sandbox starts; otherwise why not. */
  static Optional<String> problem() {
    Optional<Path> bwrap = find();
    if (bwrap.isEmpty()) {
      return Optional.of("bubblewrap (bwrap) is not on PATH; install it (apt-get install bubblewrap)");
    }
    Path trueBin = Files.isExecutable(Path.of("/usr/bin/true")) ? Path.of("/usr/bin/true") : Path.of("/bin/true");
    List<String> argv = List.of(bwrap.get().toString(), "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
        "--unshare-pid", "--die-with-parent", "--", trueBin.toString());
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.of("bubblewrap did not start a test sandbox within 10s");
      }
      String out = new String(p.getInputStream().readAllBytes()).trim();
      return p.exitValue() == 0 ? Optional.empty()
          : Optional.of("bubblewrap cannot create a sandbox here (" + out + "); user namespaces may be disabled");
    } catch (java.io.IOException e) {
      return Optional.of("bubblewrap could not be run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while checking bubblewrap");
    }
  }
}
