package io.itmcp.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's refusals to start: each says what is wrong and what to do. */
class ServeCommandTest {

  @TempDir Path tmp;

  private Path policy() throws Exception {
    return Files.writeString(
        tmp.resolve("policy.yaml"),
        """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpPolicy
        metadata:
          name: cli-test
        spec:
          tools: [cat]
          allowedDirectories: [/srv]
        """);
  }

  @Test
  void httpWithoutTokensIsRefused() throws Exception {
    CliRunner.Result r =
        CliRunner.run("serve", "--http", "127.0.0.1:0", "--policy", policy().toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("--http needs --tokens FILE");
  }

  @Test
  void aBrokenPolicyIsRefusedWithItsReason() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.yaml"), "apiVersion: v1\nkind: ConfigMap\n");
    CliRunner.Result r = CliRunner.run("serve", "--stdio", "--policy", bad.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("the policy cannot be used").contains("ItmcpPolicy");
  }

  @Test
  void anUnknownRuntimeIsRefused() throws Exception {
    CliRunner.Result r =
        CliRunner.run("serve", "--stdio", "--policy", policy().toString(), "--runtime", "docker");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr())
        .contains(
            "itmcp-gateway: Invalid value for option '--runtime': expected one of"
                + " [local, kubernetes] (case-sensitive) but was 'docker'");
  }

  /**
   * A usage error is one line and a pointer to --help, never the forty lines of usage that would
   * hide it.
   */
  @Test
  void aMistypedOptionIsNamedWithWhatWasMeantAndNoUsageDump() throws Exception {
    CliRunner.Result r = CliRunner.run("serve", "--stdio", "--polcy", policy().toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr())
        .startsWith("itmcp-gateway: Unknown options: '--polcy'")
        .contains("--policy")
        .contains("'itmcp-gateway serve --help' lists the options")
        .doesNotContain("--max-connections");
    assertThat(r.stdout()).isEmpty();
  }

  /**
   * A refusal of the command's own checks says only its reason: the file or value was understood as
   * an option.
   */
  @Test
  void aRefusalOfAnOptionsValueIsOneLineWithoutTheHelpPointer() throws Exception {
    CliRunner.Result r =
        CliRunner.run("serve", "--stdio", "--policy", tmp.resolve("absent.yaml").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr().lines())
        .hasSize(1)
        .allSatisfy(
            l ->
                assertThat(l)
                    .startsWith("itmcp-gateway: the policy cannot be used: ")
                    .contains("absent.yaml"));
  }

  @Test
  void aBrokenTokensFileOrListenAddressIsRefusedWithoutAStackTrace() throws Exception {
    Path tokens =
        Files.writeString(tmp.resolve("tokens.yaml"), "tokens: [{user: a, sha256: nothex}]\n");
    CliRunner.Result r =
        CliRunner.run(
            "serve",
            "--http",
            ":0",
            "--policy",
            policy().toString(),
            "--tokens",
            tokens.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr())
        .contains("tokens[0].sha256 must be 64 hex digits")
        .doesNotContain("\tat ");
    CliRunner.Result port =
        CliRunner.run(
            "serve",
            "--http",
            "localhost:http",
            "--policy",
            policy().toString(),
            "--tokens",
            tokens.toString());
    assertThat(port.exitCode()).isEqualTo(2);
    assertThat(port.stderr()).contains("not a number");
  }

  @Test
  void aMissingTokensFileIsNamed() throws Exception {
    CliRunner.Result r =
        CliRunner.run(
            "serve",
            "--http",
            ":0",
            "--policy",
            policy().toString(),
            "--tokens",
            tmp.resolve("absent.yaml").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("cannot read --tokens").contains("absent.yaml");
  }

  @Test
  void aPortInUseEndsServeWithAnErrorThatSaysSo() throws Exception {
    Path tokens =
        Files.writeString(
            tmp.resolve("tokens.yaml"), "tokens: [{user: a, sha256: " + "ab".repeat(32) + "}]\n");
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      CliRunner.Result r =
          CliRunner.run(
              "serve",
              "--http",
              "127.0.0.1:" + port,
              "--policy",
              policy().toString(),
              "--tokens",
              tokens.toString(),
              "--allow-unsandboxed");
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.stderr()).contains("port " + port + " is in use").doesNotContain(":-1/mcp");
    }
  }

  @Test
  void httpLimitsOutOfRangeAreRefused() throws Exception {
    Path tokens =
        Files.writeString(
            tmp.resolve("tokens.yaml"), "tokens: [{user: a, sha256: " + "ab".repeat(32) + "}]\n");
    CliRunner.Result r =
        CliRunner.run(
            "serve",
            "--http",
            "127.0.0.1:0",
            "--policy",
            policy().toString(),
            "--tokens",
            tokens.toString(),
            "--request-read-timeout",
            "0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("--request-read-timeout must be at least 1 second");
  }

  @Test
  void stdioAndHttpAreExclusive() {
    assertThat(CliRunner.run("serve", "--stdio", "--http", ":0").exitCode()).isEqualTo(2);
    CliRunner.Result neither = CliRunner.run("serve");
    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.stderr())
        .contains("Missing required argument")
        .contains("--stdio")
        .contains("--http");
  }
}
