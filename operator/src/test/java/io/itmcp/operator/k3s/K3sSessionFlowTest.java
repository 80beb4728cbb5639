package io.itmcp.operator.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.operator.Fixtures;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.dns.SystemHostResolver;
import io.itmcp.operator.runtime.OperatorRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The session flow on a real API server and kubelet (k3s in Docker), with the CRDs exactly as
 * deploy/crds ships them: creation to Ready, the NetworkPolicy, a tcpdump policy whose name is
 * longer than a label value, policy deletion. Runs only where Docker runs and the k3s image and the
 * sandbox image are already present locally (this suite never pulls images); skipped with the
 * reason printed otherwise. Image: -Ditmcp.k3s.image (default rancher/k3s:v1.31.4-k3s1).
 */
class K3sSessionFlowTest {
  static final String K3S_IMAGE = System.getProperty("itmcp.k3s.image", "rancher/k3s:v1.31.4-k3s1");

  /** Surefire runs in the module directory. */
  static final Path DEPLOY_CRDS = Path.of("..", "deploy", "crds");

  /**
   * Asks the docker CLI (not Testcontainers, whose start-up would try to pull its helper image and
   * hang where registries are unreachable) whether an engine answers and the k3s image is local.
   */
  private static void skipUnlessRunnable() {
    String reason = null;
    if (docker("info", "--format", "{{.ServerVersion}}") != 0) {
      reason =
          "SKIPPED K3sSessionFlowTest: no reachable Docker engine here, so no k3s cluster can be started";
    } else if (docker("image", "inspect", K3S_IMAGE) != 0) {
      reason =
          "SKIPPED K3sSessionFlowTest: image "
              + K3S_IMAGE
              + " is not present locally and this suite"
              + " never pulls (image registries are unreachable here); docker load it to run this test";
    }
    if (reason != null) {
      System.out.println(reason);
    }
    Assumptions.assumeTrue(reason == null, reason);
  }

  private static int docker(String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of("docker"));
    argv.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * The CRDs exactly as deploy/crds ships them (structural schema, CEL rules): the API server's own
   * validation of every status the operator writes is part of what this test proves.
   */
  private static void installShippedCrds(KubernetesClient client) throws IOException {
    try (Stream<Path> files = Files.list(DEPLOY_CRDS)) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().endsWith(".itmcp.io-v1.yml"))
              .sorted()
              .toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          client
              .resource(
                  client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
              .create();
        }
      }
    }
    for (String name : List.of("itmcpsessions.itmcp.io", "itmcppolicies.itmcp.io")) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(name)
          .waitUntilCondition(
              crd ->
                  crd != null
                      && crd.getStatus() != null
                      && crd.getStatus().getConditions() != null
                      && crd.getStatus().getConditions().stream()
                          .anyMatch(
                              c ->
                                  "Established".equals(c.getType())
                                      && "True".equals(c.getStatus())),
              1,
              TimeUnit.MINUTES);
    }
  }

  @Test
  void sessionFlowOnK3s() throws IOException {
    skipUnlessRunnable();
    try (K3sContainer k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE))) {
      k3s.start();
      try (KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
              .build()) {
        installShippedCrds(client);
        client
            .resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName(Fixtures.NAMESPACE)
                    .endMetadata()
                    .build())
            .create();
        OperatorOptions options =
            OperatorOptions.builder()
                .leaderElection(false)
                .httpPort(0)
                .egressMode(EgressMode.AUTO)
                .build();
        try (OperatorRuntime operator =
            new OperatorRuntime(client, options, new SystemHostResolver(), Clock.systemUTC())
                .start()) {
          assertThat(operator.egressMode()).isEqualTo(EgressMode.NETWORK_POLICY);
          client.resource(Fixtures.policy("netops", List.of("192.0.2.7:22"))).create();
          ItmcpSession session = Fixtures.session("s1", "netops", "alice");
          session.getSpec().setTtlSeconds(90L);
          client.resource(session).create();
          var sessions = client.resources(ItmcpSession.class).inNamespace(Fixtures.NAMESPACE);
          await()
              .atMost(Duration.ofMinutes(3))
              .ignoreExceptions()
              .untilAsserted(
                  () ->
                      assertThat(sessions.withName("s1").get().getStatus().getPhase())
                          .isEqualTo(SessionPhase.Ready));
          assertThat(
                  client
                      .network()
                      .v1()
                      .networkPolicies()
                      .inNamespace(Fixtures.NAMESPACE)
                      .withName("s1-egress")
                      .get())
              .isNotNull();
          // tcpdump (a root capture container keeping NET_RAW) and a policy name longer than a
          // label value.
          String longName = "netops-" + "a".repeat(49) + "-tcpdump";
          ItmcpPolicy capture = Fixtures.policy(longName, List.of("192.0.2.7"));
          capture.getSpec().setTools(List.of(ToolName.PING, ToolName.TCPDUMP));
          client.resource(capture).create();
          client.resource(Fixtures.session("s2", longName, "bob")).create();
          await()
              .atMost(Duration.ofMinutes(3))
              .ignoreExceptions()
              .untilAsserted(
                  () ->
                      assertThat(sessions.withName("s2").get().getStatus().getPhase())
                          .isEqualTo(SessionPhase.Ready));
          assertThat(
                  client
                      .pods()
                      .inNamespace(Fixtures.NAMESPACE)
                      .withName("s2-sandbox")
                      .get()
                      .getSpec()
                      .getContainers())
              .extracting(c -> c.getName())
              .containsExactly("sandbox", "capture");
          client
              .resources(ItmcpPolicy.class)
              .inNamespace(Fixtures.NAMESPACE)
              .withName("netops")
              .delete();
          await()
              .atMost(Duration.ofMinutes(1))
              .ignoreExceptions()
              .untilAsserted(
                  () -> {
                    assertThat(sessions.withName("s1").get()).isNull();
                    assertThat(
                            client
                                .pods()
                                .inNamespace(Fixtures.NAMESPACE)
                                .withName("s1-sandbox")
                                .get())
                        .isNull();
                  });
        }
      }
    }
  }
}
