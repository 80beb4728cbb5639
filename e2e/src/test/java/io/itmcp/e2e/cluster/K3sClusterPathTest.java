package io.itmcp.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.e2e.env.GatewaysSee;
import io.itmcp.gateway.audit.HashChainedAuditLog;
import io.itmcp.gateway.cluster.ClusterGateway;
import io.itmcp.gateway.http.HttpGatewayConfig;
import io.itmcp.gateway.runtime.kubernetes.KubernetesRuntimeSettings;
import io.itmcp.gateway.ssh.SshCredentials;
import io.itmcp.gateway.tools.ToolCatalog;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.config.SandboxImage;
import io.itmcp.operator.dns.SystemHostResolver;
import io.itmcp.operator.runtime.OperatorRuntime;
import io.itmcp.policy.PolicyLoader;
import io.itmcp.testkit.mcp.McpClients;
import io.itmcp.testkit.sandbox.SourceTree;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The cluster path on a real API server and kubelet (k3s in Docker): the real CRDs from
 * deploy/crds, the operator, and the gateway as {@code serve --runtime kubernetes} builds it; a
 * service-account token that TokenReview accepts; {@code use} granted by a RoleBinding to the
 * ClusterRole {@code itmcp-policy-user} from deploy/base; ping_tool and dig_tool (against the
 * cluster's DNS) exec'd in the real sandbox pod; the Event and audit line; closing removes session
 * and pod; a service account without the RoleBinding gets 403 and no session; a policy edit decides
 * the next call.
 *
 * <p>Runs only where a Docker engine answers and both the k3s image and the sandbox image are
 * present locally: this suite never pulls. Skipped with the reason printed otherwise (also under
 * CI=true: where no k3s image can be had, there is no cluster to test against). Image:
 * -Ditmcp.k3s.image (default rancher/k3s:v1.31.4-k3s1).
 */
class K3sClusterPathTest {
  static final String K3S_IMAGE = System.getProperty("itmcp.k3s.image", "rancher/k3s:v1.31.4-k3s1");
  static final String NS = KubernetesRuntimeSettings.DEFAULT_NAMESPACE;
  static final String DNS_NAME = "kubernetes.default.svc.cluster.local";
  static final Duration WAIT = Duration.ofMinutes(3);

  private static void skipUnlessRunnable() {
    String reason = null;
    if (docker("info", "--format", "{{.ServerVersion}}") != 0) {
      reason = "no reachable Docker engine here, so no k3s cluster can be started";
    } else if (docker("image", "inspect", K3S_IMAGE) != 0) {
      reason =
          "image "
              + K3S_IMAGE
              + " is not present locally and this suite never pulls (image registries are"
              + " unreachable here); docker load it (or set -Ditmcp.k3s.image) to run this test";
    } else if (docker("image", "inspect", SandboxImage.DEFAULT) != 0) {
      reason =
          "the sandbox image "
              + SandboxImage.DEFAULT
              + " is not present locally; build sandbox-image/ first";
    }
    if (reason != null) {
      System.out.println(
          "SKIPPED K3sClusterPathTest: "
              + reason
              + (System.getenv("CI") != null
                  ? " (CI=" + System.getenv("CI") + ": skipped all the same)"
                  : ""));
    }
    Assumptions.assumeTrue(reason == null, reason);
  }

  @Test
  void theClusterPathOnK3s() throws Exception {
    skipUnlessRunnable();
    Path work = Files.createTempDirectory("itmcp-k3s-path-");
    try (K3sContainer k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE))) {
      k3s.start();
      loadSandboxImage(k3s, work);
      try (KubernetesClient admin =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
              .build()) {
        install(admin);
        String aliceToken = serviceAccountToken(admin, "alice", true);
        String bobToken = serviceAccountToken(admin, "bob", false);
        String dnsIp =
            admin
                .services()
                .inNamespace("kube-system")
                .withName("kube-dns")
                .get()
                .getSpec()
                .getClusterIP();
        applyPolicy(admin, "default", List.of("127.0.0.1", DNS_NAME), dnsIp);
        Path auditLog = work.resolve("audit.jsonl");
        try (OperatorRuntime operator =
                new OperatorRuntime(
                        admin,
                        OperatorOptions.builder()
                            .leaderElection(false)
                            .httpPort(0)
                            .egressMode(EgressMode.NETWORK_POLICY)
                            .build(),
                        new SystemHostResolver(),
                        Clock.systemUTC())
                    .start();
            ClusterGateway gateway =
                ClusterGateway.start(
                    admin,
                    new ClusterGateway.Options(
                        new HttpGatewayConfig(
                            "127.0.0.1",
                            0,
                            List.of(),
                            List.of(),
                            HttpGatewayConfig.DEFAULT_MAX_BODY_BYTES),
                        KubernetesRuntimeSettings.defaults(NS)
                            .withReadyTimeout(Duration.ofMinutes(2)),
                        "default",
                        null,
                        List.of(),
                        "gateway-k3s",
                        ToolCatalog.all(SshCredentials.fromEnvironment(Map.of()))),
                    HashChainedAuditLog.toFile(auditLog))) {
          String base = "http://127.0.0.1:" + gateway.port();
          flow(admin, gateway, base, aliceToken, bobToken, dnsIp, auditLog);
        }
      }
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void flow(
      KubernetesClient admin,
      ClusterGateway gateway,
      String base,
      String aliceToken,
      String bobToken,
      String dnsIp,
      Path auditLog)
      throws Exception {
    HttpResponse<String> refused =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/mcp"))
                    .header("Authorization", "Bearer " + bobToken)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                                + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(admin.resources(ItmcpSession.class).inNamespace(NS).list().getItems()).isEmpty();

    McpSyncClient client = McpClients.connect(base, "/mcp", aliceToken);
    client.initialize();
    CallToolResult ping =
        McpClients.call(client, "ping_tool", Map.of("target", "127.0.0.1", "count", 1));
    assertThat(ping.isError()).as(McpClients.text(ping)).isFalse();
    CallToolResult dig =
        McpClients.call(
            client,
            "dig_tool",
            Map.of("target", DNS_NAME, "server", dnsIp, "options", List.of("+short")));
    assertThat(dig.isError()).as(McpClients.text(dig)).isFalse();
    assertThat(McpClients.text(dig))
        .contains(
            admin
                .services()
                .inNamespace("default")
                .withName("kubernetes")
                .get()
                .getSpec()
                .getClusterIP());

    List<ItmcpSession> sessions =
        admin.resources(ItmcpSession.class).inNamespace(NS).list().getItems();
    assertThat(sessions).hasSize(1);
    String name = sessions.get(0).getMetadata().getName();
    String pod = sessions.get(0).getStatus().getPodName();
    assertThat(admin.pods().inNamespace(NS).withName(pod).get()).isNotNull();
    NetworkPolicy egress =
        admin.network().v1().networkPolicies().inNamespace(NS).withName(name + "-egress").get();
    assertThat(egress).isNotNull();
    eventually(
        "the audit Events",
        () ->
            admin.resources(Event.class).inNamespace(NS).list().getItems().stream()
                    .filter(
                        e ->
                            "ToolCallAllowed".equals(e.getReason())
                                && name.equals(e.getRegarding().getName()))
                    .count()
                >= 2);
    assertThat(Files.readString(auditLog)).contains("\"ping_tool\"").contains("\"dig_tool\"");

    GatewaysSee.version(List.of(gateway), applyPolicy(admin, "default", List.of(DNS_NAME), dnsIp));
    assertThat(
            McpClients.call(client, "ping_tool", Map.of("target", "127.0.0.1", "count", 1))
                .isError())
        .isTrue();
    GatewaysSee.version(
        List.of(gateway), applyPolicy(admin, "default", List.of("127.0.0.1", DNS_NAME), dnsIp));
    assertThat(
            McpClients.call(client, "ping_tool", Map.of("target", "127.0.0.1", "count", 1))
                .isError())
        .isFalse();

    client.closeGracefully();
    eventually(
        "session and pod removed",
        () ->
            admin.resources(ItmcpSession.class).inNamespace(NS).withName(name).get() == null
                && admin.pods().inNamespace(NS).withName(pod).get() == null);
  }

  /**
   * The CRDs and the policy-user ClusterRole exactly as deploy/ ships them; the sandbox namespace.
   */
  private static void install(KubernetesClient admin) throws IOException {
    Path root = SourceTree.root();
    for (Path file :
        List.of(
            root.resolve("deploy/crds/itmcppolicies.itmcp.io-v1.yml"),
            root.resolve("deploy/crds/itmcpsessions.itmcp.io-v1.yml"),
            root.resolve("deploy/base/policy-user-clusterrole.yaml"))) {
      try (InputStream in = new FileInputStream(file.toFile())) {
        for (HasMetadata object : admin.load(in).items()) {
          admin.resource(object).create();
        }
      }
    }
    admin
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("itmcpsessions.itmcp.io")
        .waitUntilCondition(
            c ->
                c.getStatus() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
            60,
            TimeUnit.SECONDS);
  }

  /**
   * A service account and a token for it; with {@code grant}, a RoleBinding to itmcp-policy-user.
   */
  private static String serviceAccountToken(KubernetesClient admin, String name, boolean grant) {
    admin
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .build())
        .create();
    if (grant) {
      admin
          .resource(
              new RoleBindingBuilder()
                  .withNewMetadata()
                  .withName(name + "-uses-policies")
                  .withNamespace(NS)
                  .endMetadata()
                  .withNewRoleRef()
                  .withApiGroup("rbac.authorization.k8s.io")
                  .withKind("ClusterRole")
                  .withName("itmcp-policy-user")
                  .endRoleRef()
                  .addNewSubject()
                  .withKind("ServiceAccount")
                  .withName(name)
                  .withNamespace(NS)
                  .endSubject()
                  .build())
          .create();
    }
    TokenRequest request =
        new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build();
    return admin
        .serviceAccounts()
        .inNamespace(NS)
        .withName(name)
        .tokenRequest(request)
        .getStatus()
        .getToken();
  }

  private static ItmcpPolicy applyPolicy(
      KubernetesClient admin, String name, List<String> hosts, String dnsIp) {
    String quoted = String.join(", ", hosts.stream().map(h -> "\"" + h + "\"").toList());
    ItmcpPolicy policy =
        PolicyLoader.fromYamlString(
            """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpPolicy
        metadata: {name: %s, namespace: %s}
        spec:
          tools: [ping, dig]
          allowedHosts: [%s]
          dnsServers: ["%s"]
        """
                .formatted(name, NS, quoted, dnsIp));
    ItmcpPolicy current = admin.resources(ItmcpPolicy.class).inNamespace(NS).withName(name).get();
    if (current == null) {
      return admin.resource(policy).create();
    }
    current.setSpec(policy.getSpec());
    return admin.resource(current).update();
  }

  /**
   * k3s runs containerd, which does not see Docker's images: import the sandbox image's tarball.
   */
  private static void loadSandboxImage(K3sContainer k3s, Path work) throws Exception {
    Path tar = work.resolve("sandbox.tar");
    assertThat(docker("save", "-o", tar.toString(), SandboxImage.DEFAULT)).isZero();
    k3s.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/sandbox.tar");
    var result = k3s.execInContainer("ctr", "-n", "k8s.io", "images", "import", "/tmp/sandbox.tar");
    assertThat(result.getExitCode()).as(result.getStderr()).isZero();
  }

  private static void eventually(String what, Supplier<Boolean> condition)
      throws InterruptedException {
    try {
      await(what)
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> Boolean.TRUE.equals(condition.get()));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what, e);
    }
  }

  private static int docker(String... args) {
    List<String> argv = new ArrayList<>(List.of("docker"));
    argv.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
