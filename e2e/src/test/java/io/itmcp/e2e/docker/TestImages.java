package io.itmcp.e2e.docker;

import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.testkit.sandbox.SourceTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The images the e2e tests run, built on the engine itself: the sandbox image from {@code
 * sandbox-image/Dockerfile} (through {@code sandbox-image/build.sh}, which makes the Debian base
 * with mmdebstrap when no registry has it), and the peers' images from {@code
 * e2e/src/test/docker/NAME/}. Each is labelled with the hash of its build context and reused while
 * that hash is unchanged, so reruns cost nothing.
 */
public final class TestImages {
  public static final String HASH_LABEL = "io.itmcp.dockerfile-sha256";
  private static final Duration BUILD_DEADLINE = Duration.ofMinutes(20);
  private static volatile boolean sandboxBuilt;

  private TestImages() {}

  /**
   * Set to build and run the sandbox image under another tag (e.g. {@code
   * -Ditmcp.e2e.sandbox-image=ghcr.io/itmcp/sandbox:mybranch}): a branch that changes the
   * Dockerfile then tests its image without replacing the operator's default tag, which other
   * checkouts on the same engine use. The rendered Pod is pointed at it ({@link #forPod}).
   */
  public static final String IMAGE_PROPERTY = "itmcp.e2e.sandbox-image";

  /**
   * The image the operator renders by default (or {@value #IMAGE_PROPERTY}), built from this tree's
   * Dockerfile.
   */
  public static synchronized String sandbox() {
    String image = System.getProperty(IMAGE_PROPERTY, OperatorOptions.defaults().defaultImage());
    if (sandboxBuilt) {
      return image;
    }
    Path script = SourceTree.root().resolve("sandbox-image/build.sh");
    CommandResult r =
        HostCommand.run(List.of("bash", script.toString(), image), BUILD_DEADLINE, 1 << 20, null);
    System.err.println(
        "[itmcp-e2e] sandbox image "
            + image
            + ": build.sh took "
            + r.durationMs()
            + " ms; "
            + r.stdout()
                .lines()
                .filter(l -> l.startsWith("build.sh:"))
                .reduce((a, b) -> b)
                .orElse(""));
    if (!r.ok()) {
      throw new IllegalStateException("sandbox-image/build.sh failed: " + r.describe());
    }
    sandboxBuilt = true;
    return image;
  }

  /**
   * The image a rendered Pod names, or the {@value #IMAGE_PROPERTY} image in its place when that is
   * set.
   */
  public static String forPod(String rendered) {
    String override = System.getProperty(IMAGE_PROPERTY);
    return override != null && rendered.equals(OperatorOptions.defaults().defaultImage())
        ? override
        : rendered;
  }

  /**
   * A peer image from {@code e2e/src/test/docker/NAME/} (FROM debian:bookworm-slim, made by {@link
   * #sandbox()}).
   */
  public static synchronized String peer(String name) {
    sandbox();
    Path context = SourceTree.root().resolve("e2e/src/test/docker").resolve(name);
    String image = "itmcp-e2e-" + name + ":test";
    String hash = contextHash(context);
    if (hash.equals(Docker.imageLabel(image, HASH_LABEL))) {
      return image;
    }
    long start = System.nanoTime();
    Docker.checked(
        List.of(
            "build",
            "--pull=false",
            "--label",
            HASH_LABEL + "=" + hash,
            "-t",
            image,
            context.toString()),
        BUILD_DEADLINE);
    System.err.println(
        "[itmcp-e2e] built " + image + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    return image;
  }

  private static String contextHash(Path context) {
    try (Stream<Path> files = Files.walk(context)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        digest.update(
            context.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update(Files.readAllBytes(file));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
