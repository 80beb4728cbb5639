package io.itmcp.e2e.node;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.LimitsSpec;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.api.v1alpha1.WarmPoolSpec;
import io.itmcp.e2e.env.SandboxPodEnvironment;
import io.itmcp.e2e.pod.TestSession;
import io.itmcp.operator.config.WarmPoolSettings;
import io.itmcp.operator.reconcile.PodState;
import io.itmcp.operator.render.WarmPoolPodRenderer;
import io.itmcp.policy.PolicyLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Not a test: a burst of sessions created at once on the container-backed node, each timed from its
 * creation to {@code status.phase: Ready}, first against a warm pool sized for the burst, then
 * (same run, same node, the pool emptied first so that its refill does not compete) against a
 * policy without a pool (cold start: a container per session).
 *
 * <pre>
 * ./mvnw -B -q -pl e2e -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp e2e/target/test-classes:$(cat e2e/target/cp.txt) io.itmcp.e2e.node.WarmPoolBurstBenchmark [burst]
 * </pre>
 */
public final class WarmPoolBurstBenchmark {
  private static final String NS = TestSession.NAMESPACE;
  private static final Duration WAIT = Duration.ofMinutes(15);

  private WarmPoolBurstBenchmark() {}

  public static void main(String[] args) throws Exception {
    int burst = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    try (ContainerCluster cluster =
        new ContainerCluster(
            "poolbench", new WarmPoolSettings(burst, WarmPoolSettings.defaults().refillDelay()))) {
      Map<String, Long> readyAt = new ConcurrentHashMap<>();
      SharedIndexInformer<ItmcpSession> sessions =
          cluster
              .client
              .resources(ItmcpSession.class)
              .inNamespace(NS)
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ItmcpSession s) {
                      seen(s);
                    }

                    @Override
                    public void onUpdate(ItmcpSession old, ItmcpSession s) {
                      seen(s);
                    }

                    @Override
                    public void onDelete(ItmcpSession s, boolean unknown) {}

                    private void seen(ItmcpSession s) {
                      if (s.getStatus() != null && s.getStatus().getPhase() == SessionPhase.Ready) {
                        readyAt.putIfAbsent(s.getMetadata().getName(), System.nanoTime());
                      }
                    }
                  });
      ItmcpPolicy warm = policy(cluster, "pool-warm", burst);
      ItmcpPolicy cold = policy(cluster, "pool-cold", 0);
      cluster.client.resource(warm).create();
      cluster.client.resource(cold).create();

      long fillStart = System.nanoTime();
      await(
          () -> readyPoolPods(cluster, "pool-warm") >= burst,
          "the pool of " + burst + " to be ready");
      System.out.printf(
          "pool of %d filled (every pool pod a running container) in %d ms%n",
          burst, (System.nanoTime() - fillStart) / 1_000_000);

      List<Long> warmTimes = runBurst(cluster, "pool-warm", "w", burst, readyAt);
      long claimed =
          cluster
              .client
              .pods()
              .inNamespace(NS)
              .withLabel(WarmPoolPodRenderer.CLAIMED_LABEL, "true")
              .list()
              .getItems()
              .size();
      // the pool's refill (a container per claimed pod) would compete with the cold burst: empty it
      // first
      ItmcpPolicy drained =
          cluster.client.resources(ItmcpPolicy.class).inNamespace(NS).withName("pool-warm").get();
      drained.getSpec().getSandbox().getWarmPool().setSize(0);
      cluster.client.resource(drained).update();
      await(
          () -> poolPods(cluster, "pool-warm") == 0,
          "the warm pool to be emptied before the cold burst");
      List<Long> coldTimes = runBurst(cluster, "pool-cold", "c", burst, readyAt);
      System.out.printf(
          "burst of %d sessions created at once -> all Ready, warm pool of %d: p50 %d ms, p99 %d ms,"
              + " last %d ms (%d claimed from the pool)%n",
          burst,
          burst,
          percentile(warmTimes, 50),
          percentile(warmTimes, 99),
          Collections.max(warmTimes),
          claimed);
      System.out.printf(
          "burst of %d sessions created at once -> all Ready, no pool (cold): p50 %d ms, p99 %d ms,"
              + " last %d ms%n",
          burst, percentile(coldTimes, 50), percentile(coldTimes, 99), Collections.max(coldTimes));
      sessions.close();
    }
    System.exit(0);
  }

  private static ItmcpPolicy policy(ContainerCluster cluster, String name, int poolSize) {
    ItmcpPolicy policy =
        PolicyLoader.fromYamlString(SandboxPodEnvironment.policyFor(cluster.peers));
    policy.getMetadata().setName(name);
    if (policy.getSpec().getLimits() == null) {
      policy.getSpec().setLimits(new LimitsSpec());
    }
    policy.getSpec().getLimits().setMaxSessions(Math.max(50, poolSize * 2));
    if (policy.getSpec().getLimits() == null) {
      policy.getSpec().setLimits(new LimitsSpec());
    }
    policy.getSpec().getLimits().setMaxSessionsPerUser(Math.max(50, poolSize * 2));
    WarmPoolSpec pool = new WarmPoolSpec();
    pool.setSize(poolSize);
    policy.getSpec().getSandbox().setWarmPool(pool);
    return policy;
  }

  private static List<Long> runBurst(
      ContainerCluster cluster, String policy, String prefix, int burst, Map<String, Long> readyAt)
      throws InterruptedException {
    Map<String, Long> createdAt = new ConcurrentHashMap<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < burst; i++) {
      names.add(prefix + i);
    }
    names.parallelStream()
        .forEach(
            n -> {
              ItmcpSession session =
                  Serialization.unmarshal(
                      """
          apiVersion: itmcp.io/v1alpha1
          kind: ItmcpSession
          metadata: {name: %s, namespace: %s}
          spec:
            policyRef: {name: %s}
            user: {name: bench@example.com}
          """
                          .formatted(n, NS, policy),
                      ItmcpSession.class);
              createdAt.put(n, System.nanoTime());
              cluster.client.resource(session).create();
            });
    await(
        () -> names.stream().allMatch(readyAt::containsKey),
        "all " + burst + " sessions of " + policy + " to be Ready");
    List<Long> times = new ArrayList<>();
    for (String n : names) {
      times.add((readyAt.get(n) - createdAt.get(n)) / 1_000_000);
    }
    return times;
  }

  private static long poolPods(ContainerCluster cluster, String policy) {
    return cluster
        .client
        .pods()
        .inNamespace(NS)
        .withLabel(WarmPoolPodRenderer.POOL_LABEL, policy)
        .list()
        .getItems()
        .size();
  }

  private static long readyPoolPods(ContainerCluster cluster, String policy) {
    return cluster
        .client
        .pods()
        .inNamespace(NS)
        .withLabel(WarmPoolPodRenderer.POOL_LABEL, policy)
        .list()
        .getItems()
        .stream()
        .filter(p -> PodState.of(p).ready())
        .count();
  }

  private static void await(java.util.function.BooleanSupplier done, String what) {
    org.awaitility.Awaitility.await(what)
        .atMost(WAIT)
        .pollInterval(java.time.Duration.ofMillis(50))
        .until(done::getAsBoolean);
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
