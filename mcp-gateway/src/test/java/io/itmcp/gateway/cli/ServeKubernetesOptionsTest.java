package io.itmcp.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve --runtime kubernetes refuses option combinations that cannot work, each with what to do
 * instead.
 */
class ServeKubernetesOptionsTest {

  @TempDir Path tmp;

  @Test
  void stdioIsRefusedBecauseASessionNeedsAnAuthenticatedUser() {
    CliRunner.Result r = CliRunner.run("serve", "--stdio", "--runtime", "kubernetes");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("--runtime kubernetes serves over --http HOST:PORT");
  }

  @Test
  void aPolicyFileIsRefusedBecausePoliciesComeFromTheCluster() throws Exception {
    Path policy =
        Files.writeString(
            tmp.resolve("p.yaml"), "apiVersion: itmcp.io/v1alpha1\nkind: ItmcpPolicy\n");
    CliRunner.Result r =
        CliRunner.run(
            "serve", "--http", ":0", "--runtime", "kubernetes", "--policy", policy.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr())
        .contains("reads ItmcpPolicies from namespace itmcp-sandboxes")
        .contains("--policy-name");
  }

  @Test
  void tokenFileAuthNeedsTheFileAndTokenReviewRefusesIt() throws Exception {
    CliRunner.Result missing =
        CliRunner.run("serve", "--http", ":0", "--runtime", "kubernetes", "--auth", "tokens");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.stderr()).contains("--auth tokens needs --tokens FILE");
    CliRunner.Result clearTextResource =
        CliRunner.run(
            "serve",
            "--http",
            ":0",
            "--auth",
            "oidc",
            "--oidc-issuer",
            "https://idp.example/realms/r",
            "--oidc-resource",
            "http://mcp.example.com");
    assertThat(clearTextResource.exitCode()).isEqualTo(2);
    assertThat(clearTextResource.stderr())
        .contains("--oidc-resource 'http://mcp.example.com' is refused: it must be https");
    Path tokens = Files.writeString(tmp.resolve("t.yaml"), "tokens: []\n");
    CliRunner.Result both =
        CliRunner.run(
            "serve", "--http", ":0", "--runtime", "kubernetes", "--tokens", tokens.toString());
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.stderr()).contains("--tokens is used with --auth tokens");
    CliRunner.Result unknown =
        CliRunner.run("serve", "--http", ":0", "--runtime", "kubernetes", "--auth", "basic");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderr())
        .contains(
            "Invalid value for option '--auth': expected one of [tokenreview, tokens,"
                + " oidc] (case-sensitive) but was 'basic'");
  }

  @Test
  void oidcAuthNeedsAnIssuerAndAnAudienceAndNoTokenFile() throws Exception {
    CliRunner.Result noIssuer =
        CliRunner.run("serve", "--http", ":0", "--runtime", "kubernetes", "--auth", "oidc");
    assertThat(noIssuer.exitCode()).isEqualTo(2);
    assertThat(noIssuer.stderr()).contains("--auth oidc needs --oidc-issuer URL");
    CliRunner.Result noAudience =
        CliRunner.run(
            "serve",
            "--http",
            ":0",
            "--runtime",
            "kubernetes",
            "--auth",
            "oidc",
            "--oidc-issuer",
            "https://idp.example/realms/r");
    assertThat(noAudience.exitCode()).isEqualTo(2);
    assertThat(noAudience.stderr()).contains("--auth oidc needs --oidc-audience");
    Path tokens = Files.writeString(tmp.resolve("t.yaml"), "tokens: []\n");
    CliRunner.Result both =
        CliRunner.run(
            "serve",
            "--http",
            ":0",
            "--auth",
            "oidc",
            "--oidc-issuer",
            "https://idp.example",
            "--oidc-audience",
            "https://gw.example/mcp",
            "--tokens",
            tokens.toString());
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.stderr()).contains("--tokens is used with --auth tokens, not with --auth oidc");
    CliRunner.Result notHttp =
        CliRunner.run(
            "serve",
            "--http",
            ":0",
            "--auth",
            "oidc",
            "--oidc-issuer",
            "ftp://idp.example",
            "--oidc-audience",
            "https://gw.example/mcp");
    assertThat(notHttp.exitCode()).isEqualTo(2);
    assertThat(notHttp.stderr()).contains("--oidc-issuer must be an http(s) URL");
    CliRunner.Result halfClient =
        CliRunner.run(
            "serve",
            "--http",
            ":0",
            "--runtime",
            "kubernetes",
            "--auth",
            "oidc",
            "--oidc-issuer",
            "https://idp.example",
            "--oidc-audience",
            "https://gw.example/mcp",
            "--oidc-client-id",
            "gw");
    assertThat(halfClient.exitCode()).isEqualTo(2);
    assertThat(halfClient.stderr())
        .contains("--oidc-client-id and --oidc-client-secret-file go together");
  }

  @Test
  void tokenReviewNeedsTheKubernetesRuntime() {
    CliRunner.Result r = CliRunner.run("serve", "--http", ":0", "--auth", "tokenreview");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("--auth tokenreview needs --runtime kubernetes");
  }

  @Test
  void anInvalidNamespaceIsRefused() {
    CliRunner.Result r =
        CliRunner.run(
            "serve", "--http", ":0", "--runtime", "kubernetes", "--namespace", "Not_Valid");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("not a valid Kubernetes namespace name");
  }

  @Test
  void theDeployManifestsArgumentsAreAccepted() {
    // the arguments of deploy/base/gateway-deployment.yaml parse; --help stops before any
    // connection
    CliRunner.Result r =
        CliRunner.run(
            "serve",
            "--http=0.0.0.0:8443",
            "--runtime=kubernetes",
            "--namespace=itmcp-sandboxes",
            "--policy-name=default",
            "--allowed-hosts=itmcp-gateway.itmcp-system.svc",
            "--request-state-key-file=/var/run/secrets/itmcp/request-state/key",
            "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).contains("--policy-name").contains("--auth").contains("--namespace");
  }

  @Test
  void sshInTheClusterUsesTheSecretMountedInThePodNotTheGatewaysFiles() {
    EffectivePolicy policy =
        EffectivePolicy.compile(
            PolicyLoader.fromYamlString(
                String.join(
                    "\n",
                    "apiVersion: itmcp.io/v1alpha1",
                    "kind: ItmcpPolicy",
                    "metadata: {name: devices}",
                    "spec:",
                    "  tools: [ssh]",
                    "  allowedHosts: [\"192.0.2.7:22\"]",
                    "  allowedRemoteCommands: [\"show version\"]",
                    "  ssh: {secretRef: {name: netops-ssh}}",
                    "")));
    ToolDefinition ssh =
        ClusterLauncher.toolCatalog(Path.of("/var/run/itmcp/ssh")).stream()
            .filter(t -> t.name() == ToolName.SSH)
            .findFirst()
            .orElseThrow();

    ToolPlan plan =
        ssh.plan(Map.of("target", "192.0.2.7", "user", "admin", "command", "show version"), policy);

    assertThat(plan.argv())
        .containsSequence("-i", "/var/run/itmcp/ssh/id_ed25519")
        .contains("UserKnownHostsFile=/var/run/itmcp/ssh/known_hosts")
        .endsWith("--", "192.0.2.7", "show", "version");
  }

  @Test
  void aRequestStateKeyShorterThan32BytesIsRefusedInBothRuntimes() throws Exception {
    Path shortKey = Files.writeString(tmp.resolve("short.key"), "too short");
    Path tokens = Files.writeString(tmp.resolve("k.yaml"), "tokens: []\n");
    for (String[] args :
        List.of(
            new String[] {
              "serve",
              "--http",
              ":0",
              "--runtime",
              "kubernetes",
              "--request-state-key-file",
              shortKey.toString()
            },
            new String[] {
              "serve",
              "--http",
              ":0",
              "--tokens",
              tokens.toString(),
              "--request-state-key-file",
              shortKey.toString()
            })) {
      CliRunner.Result r = CliRunner.run(args);
      assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.stderr())
          .contains("--request-state-key-file", "holds 9 bytes; it needs at least 32");
    }
  }
}
