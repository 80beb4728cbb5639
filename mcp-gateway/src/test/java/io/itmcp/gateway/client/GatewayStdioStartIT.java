package io.itmcp.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.testing.GatewayJar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar over stdio answers {@code initialize} before its policy is bound and its CRD rules
 * are checked; a policy refused by either still ends the start loudly: exit 2 and the same one-line
 * reason as before, nothing listed, nothing called — however soon after initialize the client asks.
 */
class GatewayStdioStartIT {

  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}\n";
  private static final String INITIALIZED_AND_LIST =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
          + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n"
          + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\","
          + "\"arguments\":{\"target\":\"router.example.com\",\"count\":1}}}\n";

  @TempDir Path tmp;

  /**
   * A policy the engine accepts and only the CRD's CEL rules refuse: the ssh tool without
   * spec.ssh.secretRef.
   */
  private Path celRefusedPolicy() throws IOException {
    return Files.writeString(
        tmp.resolve("ssh.yaml"),
        """
            apiVersion: itmcp.io/v1alpha1
            kind: ItmcpPolicy
            metadata:
              name: no-secret
            spec:
              tools: [ssh, ping]
              allowedHosts: [router.example.com]
              allowedRemoteCommands: [show version]
            """);
  }

  @Test
  void aPolicyOnlyTheCelRulesRefuseEndsTheStartWithExit2AndItsReasonAfterInitialize()
      throws Exception {
    Path policy = celRefusedPolicy();
    Path audit = tmp.resolve("audit.jsonl");
    Process p = startUnsandboxed(policy, audit);
    OutputStream in = p.getOutputStream();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    in.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
    in.flush();
    String initialized = out.readLine();
    in.write(INITIALIZED_AND_LIST.getBytes(StandardCharsets.UTF_8));
    in.flush();

    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the gateway ends by itself").isTrue();
    List<String> rest = out.lines().toList();
    String stderr = Files.readString(tmp.resolve("stderr"));
    assertThat(p.exitValue()).as(stderr).isEqualTo(2);
    assertThat(initialized).contains("\"id\":1").contains("serverInfo");
    assertThat(rest).as("nothing answered after initialize").isEmpty();
    assertThat(stderr)
        .contains(
            "itmcp-gateway: the policy cannot be used: "
                + policy
                + ": spec.tools: Invalid value: \"object\": the ssh tool needs spec.ssh.secretRef");
    assertThat(Files.exists(audit) ? Files.readString(audit) : "")
        .as("no call audited")
        .doesNotContain("tools/call")
        .doesNotContain("ping");
  }

  /**
   * Bubblewrap is checked on a thread of its own while the policy is read; its failure still counts
   * only after the policy's: a policy the CEL rules refuse is the reason given (exit 2), not the
   * missing sandbox (exit 3), and nothing but initialize is answered.
   */
  @Test
  void withoutBubblewrapAPolicyTheCelRulesRefuseIsStillTheReasonGiven() throws Exception {
    Path policy = celRefusedPolicy();
    Path emptyBin = Files.createDirectory(tmp.resolve("no-bwrap-bin"));
    ProcessBuilder start =
        new ProcessBuilder(GatewayJar.stdio(policy, tmp.resolve("audit.jsonl")))
            .redirectError(tmp.resolve("stderr").toFile());
    start.environment().put("PATH", emptyBin.toString());
    Refused refused = refusedAfter(start.start(), INITIALIZE);

    assertThat(refused.stderr())
        .contains("itmcp-gateway: the policy cannot be used: ")
        .contains("the ssh tool needs spec.ssh.secretRef")
        .doesNotContain("refusing to start");
  }

  /**
   * Binding runs while initialize is answered early: a policy with a misspelt field is refused as
   * before, and nothing the client sends right after initialize (the list, a call) is answered or
   * run under it.
   */
  @Test
  void aPolicyWithAnUnknownFieldListsAndRunsNothingEvenWhenTheClientAsksAtOnce() throws Exception {
    Path policy =
        Files.writeString(
            tmp.resolve("typo.yaml"),
            """
                apiVersion: itmcp.io/v1alpha1
                kind: ItmcpPolicy
                metadata:
                  name: typo
                spec:
                  tools: [ping]
                  allowedHost: [router.example.com]
                """);
    Path audit = tmp.resolve("audit.jsonl");
    Process p = startUnsandboxed(policy, audit);
    // everything at once, before any answer: the list and the call race the policy's binding
    Refused refused = refusedAfter(p, INITIALIZE + INITIALIZED_AND_LIST);

    assertThat(refused.stdout())
        .doesNotContain("ping_tool")
        .doesNotContain("\"id\":2")
        .doesNotContain("\"id\":3");
    assertThat(refused.stderr())
        .doesNotContain("serving")
        .contains(
            "itmcp-gateway: the policy cannot be used: "
                + policy
                + ": spec.allowedHost: unknown field; did you mean 'spec.allowedHosts'? (fields of spec:"
                + " allowedDirectories, allowedHosts, allowedRemoteCommands, approval, dnsServers, files,"
                + " limits, remoteCommandRules, sandbox, ssh, tools)\n");
    assertThat(Files.exists(audit) ? Files.readString(audit) : "")
        .as("no call audited")
        .doesNotContain("ping");
  }

  private boolean initializeAnswer(String line) {
    return line.startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":")
        && line.contains("\"serverInfo\":{\"name\":\"itmcp-gateway\"");
  }

  @Test
  void aFileThatIsNoItmcpPolicyIsStillRefusedWithNothingButInitializeAnswered() throws Exception {
    Path policy = Files.writeString(tmp.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\n");
    Process p =
        new ProcessBuilder(GatewayJar.command("serve", "--stdio", "--policy", policy.toString()))
            .redirectError(tmp.resolve("stderr").toFile())
            .start();
    Refused refused = refusedAfter(p, INITIALIZE);

    assertThat(refused.stderr())
        .startsWith("itmcp-gateway: the policy cannot be used: ")
        .contains("ItmcpPolicy");
  }

  /** What a gateway that refused its policy wrote, both streams. */
  private record Refused(String stdout, String stderr) {}

  /**
   * Sends {@code input} at once, reads stdout to its end; the gateway must end by itself with exit
   * 2, having answered at most {@code initialize}.
   */
  private Refused refusedAfter(Process p, String input) throws Exception {
    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().flush();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the gateway ends by itself").isTrue();
    String stderr = Files.readString(tmp.resolve("stderr"));
    assertThat(p.exitValue()).as(stderr).isEqualTo(2);
    assertThat(stdout.lines())
        .as("at most initialize is answered")
        .allMatch(this::initializeAnswer);
    return new Refused(stdout, stderr);
  }

  /** The jar serving stdio without bubblewrap, its stderr kept in {@code tmp/stderr}. */
  private Process startUnsandboxed(Path policy, Path audit) throws IOException {
    return new ProcessBuilder(
            GatewayJar.command(
                "serve",
                "--stdio",
                "--allow-unsandboxed",
                "--policy",
                policy.toString(),
                "--audit-log",
                audit.toString()))
        .redirectError(tmp.resolve("stderr").toFile())
        .start();
  }
}
