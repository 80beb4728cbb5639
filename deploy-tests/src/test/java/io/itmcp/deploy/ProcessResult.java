package io.itmcp.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One finished process: its exit code and output. Runs an argv, never a shell. */
record ProcessResult(int exitCode, String stdout, String stderr) {

  static ProcessResult run(Duration timeout, Path workingDirectory, List<String> argv)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("itmcp-deploy-", ".out");
    Path err = Files.createTempFile("itmcp-deploy-", ".err");
    try {
      Process process =
          new ProcessBuilder(argv)
              .directory(workingDirectory.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(
            String.join(" ", argv) + " did not finish within " + timeout);
      }
      return new ProcessResult(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Whether an executable of this name is on PATH (without running it). */
  static boolean onPath(String executable) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, executable))) {
        return true;
      }
    }
    return false;
  }
}
