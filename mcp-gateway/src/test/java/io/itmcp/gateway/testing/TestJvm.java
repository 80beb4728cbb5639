package io.itmcp.gateway.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM a test starts on its own classpath (a gateway process from the test classes). It lives for
 * seconds and its test is not about the JIT: C1 alone, compiling after five times the calls, as
 * {@code ./itmcp --stdio} starts the jar; C2's compilations would cost more CPU than they win back.
 */
public final class TestJvm {

  private TestJvm() {}

  /** {@code java -cp <this classpath> MAIN ARGS}. */
  public static List<String> command(Class<?> main, String... args) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:CompileThresholdScaling=5",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
    argv.addAll(List.of(args));
    return argv;
  }
}
