package io.itmcp.gateway.testing;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The node_modules of a committed package-lock.json, installed once per lock and machine with
 * {@code npm ci --prefer-offline} into {@code ~/.cache/itmcp/npm/NAME-SHA256(lock)} (or {@code
 * $ITMCP_NPM_CACHE}) and linked into the test's working directory. A clean clone then costs no npm
 * run at all (the node@22 package alone takes a minute to unpack on two busy cores); a changed lock
 * gets its own directory. Two builds installing at once each install into a directory of their own
 * and the first rename wins.
 */
public final class NpmModules {

  private NpmModules() {}

  /** Why the modules cannot be had, or null when {@code into/node_modules} now links to them. */
  public static String link(String name, Path source, Path into, Path npmLog, int timeoutSeconds)
      throws IOException, InterruptedException {
    Path lock = source.resolve("package-lock.json");
    Path installed = cacheRoot().resolve(name + "-" + sha256(lock));
    if (!Files.isDirectory(installed.resolve("node_modules"))) {
      String problem = install(source, installed, npmLog, timeoutSeconds);
      if (problem != null) {
        return problem;
      }
    }
    Path link = into.resolve("node_modules");
    if (Files.isSymbolicLink(link)
        && Files.readSymbolicLink(link).equals(installed.resolve("node_modules"))) {
      return null;
    }
    deleteTree(link);
    Files.createSymbolicLink(link, installed.resolve("node_modules"));
    return null;
  }

  private static String install(Path source, Path installed, Path npmLog, int timeoutSeconds)
      throws IOException, InterruptedException {
    Files.createDirectories(installed.getParent());
    Path work =
        Files.createTempDirectory(installed.getParent(), installed.getFileName() + ".installing-");
    try {
      for (String f : List.of("package.json", "package-lock.json")) {
        Files.copy(source.resolve(f), work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
      Process p =
          new ProcessBuilder(
                  "npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error")
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(npmLog.toFile())
              .start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "npm ci did not finish in " + timeoutSeconds + " s; see " + npmLog;
      }
      if (p.exitValue() != 0) {
        return "npm ci failed (exit "
            + p.exitValue()
            + "); is the npm registry reachable? See "
            + npmLog;
      }
      try {
        Files.move(work, installed, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException
          | DirectoryNotEmptyException
          | AtomicMoveNotSupportedException another) {
        // another build installed the same lock first: use that one
      }
      return null;
    } catch (IOException e) {
      return "npm could not be run: " + e.getMessage();
    } finally {
      deleteTree(work);
    }
  }

  private static Path cacheRoot() {
    String configured = System.getenv("ITMCP_NPM_CACHE");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "itmcp", "npm");
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)))
          .substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path path) throws IOException {
    if (Files.isSymbolicLink(path) || Files.isRegularFile(path)) {
      Files.deleteIfExists(path);
      return;
    }
    if (!Files.isDirectory(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
