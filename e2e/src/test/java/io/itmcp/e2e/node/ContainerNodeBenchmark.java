package io.itmcp.e2e.node;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.e2e.docker.CommandResult;
import io.itmcp.e2e.docker.Docker;
import io.itmcp.e2e.env.SandboxPodEnvironment;
import io.itmcp.e2e.pod.TestSession;
import io.itmcp.operator.render.SessionNames;
import io.itmcp.policy.PolicyLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Not a test: figures on the container-backed node, measured in one run.
 *
 * <ul>
 *   <li>cold session: from creating an ItmcpSession to the first successful exec of
 *       {@code ping -c 1 PEER} in its pod (operator reconcile, pod and NetworkPolicy, container
 *       start, iptables rules, exec through the API);</li>
 *   <li>one exec round trip of the same argv through the API (fabric8 client, websocket, the node)
 *       against {@code docker exec} of it directly.</li>
 * </ul>
 *
 * <pre>
 * ./mvnw -B -q -pl e2e -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp e2e/target/test-classes:$(cat e2e/target/cp.txt) io.itmcp.e2e.node.ContainerNodeBenchmark [sessions] [execs]
 * </pre>
 *
 * The gateway's kubernetes runtime is not on this branch: "through the API" is the fabric8 pod
 * exec that runtime uses, without the gateway's own (small, in-process) work on top.
 */
public final class ContainerNodeBenchmark {
  private static final String NS = TestSession.NAMESPACE;

  private ContainerNodeBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int execs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    try (ContainerCluster cluster = new ContainerCluster("bench")) {
      ItmcpPolicy policy = PolicyLoader.fromYamlString(SandboxPodEnvironment.policyFor(cluster.peers));
      cluster.client.resource(policy).create();
      List<String> ping = List.of("ping", "-n", "-c", "1", "-W", "2", "--", cluster.peers.sshIp);
      List<Long> cold = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {
        String name = "bench-" + i;
        long t0 = System.nanoTime();
        cluster.client.resource(Serialization.unmarshal("""
            apiVersion: itmcp.io/v1alpha1
            kind: ItmcpSession
            metadata: {name: %s, namespace: %s}
            spec:
              policyRef: {name: %s}
              user: {name: bench@example.com}
            """.formatted(name, NS, policy.getMetadata().getName()), ItmcpSession.class)).create();
        String pod = awaitReady(cluster, name);
        while (cluster.exec(NS, pod, SessionNames.SANDBOX_CONTAINER, ping).exitCode() != 0) {
          Thread.sleep(20);
        }
        cold.add((System.nanoTime() - t0) / 1_000_000);
        if (i < sessions - 1) {
          cluster.client.resources(ItmcpSession.class).inNamespace(NS).withName(name).delete();
        }
      }
      String pod = "bench-" + (sessions - 1) + "-sandbox";
      String container = cluster.node.container(NS + "/" + pod, SessionNames.SANDBOX_CONTAINER).orElseThrow();
      List<String> argv = List.of("cat", "/proc/self/status");
      List<Long> viaApi = new ArrayList<>();
      List<Long> direct = new ArrayList<>();
      List<String> dockerArgv = new ArrayList<>(List.of("exec", container));
      dockerArgv.addAll(argv);
      for (int i = 0; i < 5; i++) {
        cluster.exec(NS, pod, SessionNames.SANDBOX_CONTAINER, argv);
        Docker.docker(dockerArgv, Duration.ofSeconds(10));
      }
      for (int i = 0; i < execs; i++) {
        long t0 = System.nanoTime();
        cluster.exec(NS, pod, SessionNames.SANDBOX_CONTAINER, argv);
        viaApi.add((System.nanoTime() - t0) / 1_000_000);
        t0 = System.nanoTime();
        CommandResult r = Docker.docker(dockerArgv, Duration.ofSeconds(10));
        direct.add((System.nanoTime() - t0) / 1_000_000);
        if (!r.ok()) {
          throw new IllegalStateException(r.describe());
        }
      }
      System.out.printf("cold session (ItmcpSession created -> first successful ping exec), %d sessions: "
          + "median %d ms, p99 %d ms%n", sessions, percentile(cold, 50), percentile(cold, 99));
      System.out.printf("exec of %s, %d calls: through the API median %d ms p99 %d ms; docker exec median %d ms "
          + "p99 %d ms; ratio of medians %.2f%n", argv, execs, percentile(viaApi, 50), percentile(viaApi, 99),
          percentile(direct, 50), percentile(direct, 99), (double) percentile(viaApi, 50) / percentile(direct, 50));
    }
  }

  private static String awaitReady(ContainerCluster cluster, String session) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < until) {
      ItmcpSession s = cluster.client.resources(ItmcpSession.class).inNamespace(NS).withName(session).get();
      if (s != null && s.getStatus() != null && s.getStatus().getPhase() == SessionPhase.Ready) {
        return s.getStatus().getPodName();
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("session " + session + " not Ready in 60 s; node errors " + cluster.node.errors());
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
