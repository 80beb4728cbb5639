package io.itmcp.gateway.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM a test starts on its own classpath (a gateway process from the test classes). It lives for
 * seconds and its test is not about the JIT: C1 alone, compiling after five times the calls; C2's
 * compilations, or C1's at lower thresholds, would cost more CPU than they win back.
 */
public final class TestJvm {

  /** The JIT of a JVM that lives for one test. */
  public static final List<String> SHORT_LIVED_JIT =
      List.of("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=5");

  private TestJvm() {}

  /** {@code java -cp <this classpath> MAIN ARGS}. */
  public static List<String> command(Class<?> main, String... args) {
    List<String> argv =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    argv.addAll(SHORT_LIVED_JIT);
    argv.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    argv.addAll(List.of(args));
    return argv;
  }
}
