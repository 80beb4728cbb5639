package io.itmcp.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar tests start the jar with {@code ./itmcp}'s JVM options (not by running the launcher,
 * which rebuilds the jar when a source is newer): each option {@link GatewayJar} gives must still
 * be one the launcher gives, so the tests do not drift from what users run.
 */
class GatewayJarOptionsTest {

  @TempDir Path tmp;

  @Test
  void theJarTestsStartTheJarWithTheLaunchersOptions() throws Exception {
    String launcher = Files.readString(Path.of("../itmcp"));
    Path jar = Files.createFile(tmp.resolve("itmcp-gateway.jar"));
    Files.createFile(tmp.resolve("itmcp-gateway.jar.jsa"));

    List<String> stdio = GatewayJar.jvmOptions(jar, List.of("serve", "--stdio"), false);

    assertThat(stdio)
        .contains(
            "-XX:SharedArchiveFile=" + jar + ".jsa",
            "-XX:TieredStopAtLevel=1",
            "-Djdk.lang.Process.launchMechanism=VFORK")
        .allSatisfy(
            option ->
                assertThat(launcher)
                    .as("./itmcp gives %s", option)
                    .contains(
                        option.startsWith("-XX:SharedArchiveFile=")
                            ? "-XX:SharedArchiveFile="
                            : option));
    assertThat(GatewayJar.jvmOptions(jar, List.of("serve", "--http", "127.0.0.1:0"), false))
        .as("HTTP keeps full tiering, as ./itmcp starts it")
        .doesNotContain("-XX:TieredStopAtLevel=1")
        .as("a local runtime over HTTP spawns bubblewrap as well")
        .contains("-Djdk.lang.Process.launchMechanism=VFORK");
    assertThat(GatewayJar.jvmOptions(jar, List.of("serve", "--http", "127.0.0.1:0"), true))
        .as("the jar tests' short-lived gateways")
        .containsAll(TestJvm.SHORT_LIVED_JIT);
    assertThat(GatewayJar.jvmOptions(jar, List.of("serve", "--stdio"), true))
        .as("a jar test's stdio gateway, still as ./itmcp starts it")
        .containsAll(GatewayJar.STDIO_JIT)
        .noneMatch(o -> o.startsWith("-XX:CompileThresholdScaling"));
    Files.delete(tmp.resolve("itmcp-gateway.jar.jsa"));
    assertThat(GatewayJar.jvmOptions(jar, List.of("serve", "--stdio"), false))
        .as("no archive, no option naming it")
        .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
  }
}
