package io.itmcp.e2e.node;

import static org.awaitility.Awaitility.await;

import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.e2e.docker.CommandResult;
import io.itmcp.e2e.docker.Docker;
import io.itmcp.e2e.env.SandboxPodEnvironment;
import io.itmcp.e2e.pod.TestSession;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.kubernetes.KubernetesRuntimeSettings;
import io.itmcp.gateway.runtime.kubernetes.KubernetesSandboxRuntime;
import io.itmcp.gateway.tools.ToolCallRunner;
import io.itmcp.gateway.tools.ToolCatalog;
import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Not a test: figures on the container-backed node, measured in one run.
 *
 * <ul>
 *   <li>cold session: from the gateway's KubernetesSandboxRuntime opening a session (creating the
 *       ItmcpSession) to the first successful ping_tool call in it (operator reconcile, pod and
 *       NetworkPolicy, container start, iptables rules, pod exec);
 *   <li>one exec round trip of the same argv through the gateway runtime's pod exec (fabric8
 *       websocket to the mock API server, the node, docker exec) against {@code docker exec} of it
 *       directly.
 * </ul>
 *
 * <pre>
 * ./mvnw -B -q -pl e2e -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp e2e/target/test-classes:$(cat e2e/target/cp.txt) io.itmcp.e2e.node.ContainerNodeBenchmark [sessions] [execs]
 * </pre>
 *
 * The MCP transport is not part of it (not on this branch yet); everything from the runtime down
 * is.
 */
public final class ContainerNodeBenchmark {
  private static final String NS = TestSession.NAMESPACE;

  private ContainerNodeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int execs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    try (ContainerCluster cluster = new ContainerCluster("bench")) {
      ItmcpPolicy written =
          PolicyLoader.fromYamlString(SandboxPodEnvironment.policyFor(cluster.peers));
      cluster.client.resource(written).create();
      EffectivePolicy policy = EffectivePolicy.compile(written);
      ToolDefinition pingTool =
          ToolCatalog.all().stream()
              .filter(t -> t.name() == ToolName.PING)
              .findFirst()
              .orElseThrow();
      ToolPlan ping = pingTool.plan(Map.of("target", cluster.peers.sshIp, "count", 1), policy);
      Identity user = new Identity("bench@example.com", List.of());
      List<Long> cold = new ArrayList<>();
      try (KubernetesSandboxRuntime runtime =
          new KubernetesSandboxRuntime(
              cluster.client,
              KubernetesRuntimeSettings.defaults(NS).withReadyTimeout(Duration.ofSeconds(60)))) {
        Sandbox last = null;
        for (int i = 0; i < sessions; i++) {
          long t0 = System.nanoTime();
          Sandbox sandbox = runtime.open("bench-" + i, user, policy);
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(20))
              .pollDelay(Duration.ZERO)
              .until(
                  () ->
                      ToolCallRunner.run(sandbox, ping, policy, ProgressListener.NONE)
                              .result()
                              .exitCode()
                          == 0);
          cold.add((System.nanoTime() - t0) / 1_000_000);
          if (i < sessions - 1) {
            sandbox.close();
          } else {
            last = sandbox;
          }
        }
        String pod =
            cluster.client.pods().inNamespace(NS).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .map(p -> p.getMetadata().getName())
                .reduce((a, b) -> b)
                .orElseThrow();
        String container =
            cluster.node.container(NS + "/" + pod, SessionContract.SANDBOX_CONTAINER).orElseThrow();
        List<String> argv = List.of("cat", "/proc/self/status");
        ExecRequest request =
            new ExecRequest(argv, ExecTarget.SANDBOX, Duration.ofSeconds(10), 1 << 20);
        List<String> dockerArgv = new ArrayList<>(List.of("exec", container));
        dockerArgv.addAll(argv);
        List<Long> viaGateway = new ArrayList<>();
        List<Long> viaFabric8 = new ArrayList<>();
        List<Long> direct = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          last.exec(request, ProgressListener.NONE);
          fabric8Exec(cluster, pod, argv);
          Docker.docker(dockerArgv, Duration.ofSeconds(10));
        }
        for (int i = 0; i < execs; i++) {
          long t0 = System.nanoTime();
          ExecResult r = last.exec(request, ProgressListener.NONE);
          viaGateway.add((System.nanoTime() - t0) / 1_000_000);
          if (r.exitCode() != 0) {
            throw new IllegalStateException("exec through the gateway runtime failed: " + r);
          }
          t0 = System.nanoTime();
          fabric8Exec(cluster, pod, argv);
          viaFabric8.add((System.nanoTime() - t0) / 1_000_000);
          t0 = System.nanoTime();
          CommandResult d = Docker.docker(dockerArgv, Duration.ofSeconds(10));
          direct.add((System.nanoTime() - t0) / 1_000_000);
          if (!d.ok()) {
            throw new IllegalStateException(d.describe());
          }
        }
        System.out.printf(
            "cold session (gateway runtime opens an ItmcpSession -> first successful ping_tool call),"
                + " %d sessions: median %d ms, p99 %d ms%n",
            sessions, percentile(cold, 50), percentile(cold, 99));
        System.out.printf(
            "exec of %s, %d calls: through the gateway runtime median %d ms p99 %d ms; docker exec"
                + " median %d ms p99 %d ms; ratio of medians %.2f%n",
            argv,
            execs,
            percentile(viaGateway, 50),
            percentile(viaGateway, 99),
            percentile(direct, 50),
            percentile(direct, 99),
            (double) percentile(viaGateway, 50) / percentile(direct, 50));
        System.out.printf(
            "  the same argv by fabric8's pods().exec() (how the gateway exec'd before it opened the"
                + " exec itself: fabric8 first starts an informer on the pod) median %d ms p99 %d ms;"
                + " ratio of medians to docker exec %.2f%n",
            percentile(viaFabric8, 50),
            percentile(viaFabric8, 99),
            (double) percentile(viaFabric8, 50) / percentile(direct, 50));
      }
    }
  }

  /** One exec as fabric8 runs it, waited for as the gateway did: the exit code, then the close. */
  private static void fabric8Exec(ContainerCluster cluster, String pod, List<String> argv)
      throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.util.concurrent.CompletableFuture<Void> closed =
        new java.util.concurrent.CompletableFuture<>();
    try (io.fabric8.kubernetes.client.dsl.ExecWatch watch =
        cluster
            .client
            .pods()
            .inNamespace(NS)
            .withName(pod)
            .inContainer(SessionContract.SANDBOX_CONTAINER)
            .writingOutput(out)
            .writingError(out)
            .usingListener(
                new io.fabric8.kubernetes.client.dsl.ExecListener() {
                  @Override
                  public void onClose(int code, String reason) {
                    closed.complete(null);
                  }
                })
            .exec(argv.toArray(String[]::new))) {
      Integer exit = watch.exitCode().get(10, java.util.concurrent.TimeUnit.SECONDS);
      closed.get(2, java.util.concurrent.TimeUnit.SECONDS);
      if (exit == null || exit != 0) {
        throw new IllegalStateException("fabric8 exec failed: exit " + exit + ", " + out);
      }
    }
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
