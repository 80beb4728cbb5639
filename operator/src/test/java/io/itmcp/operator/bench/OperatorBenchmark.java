package io.itmcp.operator.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.operator.Fixtures;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.dns.Resolution;
import io.itmcp.operator.reconcile.MockCluster;
import io.itmcp.operator.runtime.OperatorRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reconcile latency and throughput of the operator against the mock API server, and the heap the
 * operator holds for 1,000 live sessions. Not a test: it prints figures to compare run to run. Run:
 * {@code ./mvnw -B -pl operator -am -Pbench -DskipTests verify}
 */
public final class OperatorBenchmark {
  private static final String NS = Fixtures.NAMESPACE;

  private final Map<String, Long> podSeen = new ConcurrentHashMap<>();
  private final Map<String, Long> policySeen = new ConcurrentHashMap<>();

  public static void main(String[] args) throws Exception {
    int latencySamples = Integer.getInteger("bench.latency.samples", 200);
    int burst = Integer.getInteger("bench.burst", 1000);
    new OperatorBenchmark().run(latencySamples, burst);
    System.exit(0);
  }

  private void run(int latencySamples, int burst) throws Exception {
    System.out.printf(
        "ITMCP operator benchmark (mock API server, CRUD mode; %d CPUs, max heap %d MiB)%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    try (MockCluster cluster = new MockCluster()) {
      KubernetesClient client = cluster.client();
      SharedIndexInformer<Pod> pods = client.pods().inNamespace(NS).inform(recorder(podSeen));
      SharedIndexInformer<NetworkPolicy> nps =
          client.network().v1().networkPolicies().inNamespace(NS).inform(recorder(policySeen));
      ItmcpPolicy policy =
          Fixtures.policy("bench", List.of("192.0.2.7", "10.0.0.0/24:443", "2001:db8::/64"));
      policy.getSpec().getLimits().setMaxSessions(10_000);
      policy.getSpec().getLimits().setMaxSessionsPerUser(1_000);
      client.resource(policy).create();

      OperatorOptions options =
          OperatorOptions.builder()
              .leaderElection(false)
              .httpPort(0)
              .egressMode(EgressMode.NETWORK_POLICY)
              .build();
      OperatorRuntime operator =
          new OperatorRuntime(
                  cluster.newClient(),
                  options,
                  name -> Resolution.failed("no DNS in the benchmark"),
                  Clock.systemUTC())
              .start();

      // Warm-up: JIT, informers, connection pools.
      for (int i = 0; i < 20; i++) {
        createAndWait(client, "warm" + i);
      }

      List<Long> latencies = new ArrayList<>();
      for (int i = 0; i < latencySamples; i++) {
        latencies.add(createAndWait(client, "lat" + i));
      }
      Collections.sort(latencies);
      System.out.printf(
          "session created -> Pod and NetworkPolicy exist, one at a time (n=%d): median %.1f ms, p99 %.1f ms, max %.1f ms%n",
          latencySamples,
          ms(percentile(latencies, 50)),
          ms(percentile(latencies, 99)),
          ms(latencies.get(latencies.size() - 1)));

      // The burst: sessions are created while the operator is down (the mock API server is the slow
      // part of creating them), then one operator starts and reconciles all of them at once.
      operator.close();
      operator.operator().getKubernetesClient().close();
      long createStart = System.nanoTime();
      ExecutorService creators = Executors.newFixedThreadPool(4);
      for (int i = 0; i < burst; i++) {
        String name = "burst" + i;
        creators.submit(
            () ->
                client
                    .resource(Fixtures.session(name, "bench", "user" + (name.hashCode() & 7)))
                    .create());
      }
      creators.shutdown();
      creators.awaitTermination(10, TimeUnit.MINUTES);
      System.out.printf(
          "(creating %d sessions on the mock API server took %.0f ms)%n",
          burst, ms(System.nanoTime() - createStart));
      int live = latencySamples + burst + 20;

      long start = System.nanoTime();
      KubernetesClient second = cluster.newClient();
      OperatorRuntime burstOperator =
          new OperatorRuntime(
                  second,
                  options,
                  name -> Resolution.failed("no DNS in the benchmark"),
                  Clock.systemUTC())
              .start();
      long synced = System.nanoTime();
      waitUntil(
          () -> countBurst(podSeen, burst) == burst && countBurst(policySeen, burst) == burst,
          Duration.ofMinutes(10));
      long objects = System.nanoTime();
      var sessions = client.resources(ItmcpSession.class).inNamespace(NS);
      waitUntil(
          () ->
              sessions.list().getItems().stream()
                      .filter(s -> s.getMetadata().getName().startsWith("burst"))
                      .filter(s -> s.getStatus() != null && s.getStatus().getPodName() != null)
                      .count()
                  == burst,
          Duration.ofMinutes(10));
      long statuses = System.nanoTime();
      System.out.printf(
          "burst of %d new sessions (%d live in all) reconciled by a starting operator: caches synced"
              + " after %.0f ms, every Pod and NetworkPolicy after %.0f ms (%.0f sessions/s), every status after %.0f ms%n",
          burst,
          live,
          ms(synced - start),
          ms(objects - start),
          burst / ((objects - start) / 1e9),
          ms(statuses - start));

      long withOperator = usedHeapAfterGc();
      burstOperator.close();
      second.close();
      burstOperator = null;
      long withoutOperator = usedHeapAfterGc();
      System.out.printf(
          "heap with %d live sessions: %.1f MiB with the operator, %.1f MiB without it (mock"
              + " server and its objects): the operator holds about %.1f MiB, %.1f KiB per session%n",
          live,
          withOperator / 1048576.0,
          withoutOperator / 1048576.0,
          (withOperator - withoutOperator) / 1048576.0,
          (withOperator - withoutOperator) / 1024.0 / live);
      pods.close();
      nps.close();
    }
  }

  private long createAndWait(KubernetesClient client, String name) throws InterruptedException {
    long start = System.nanoTime();
    client.resource(Fixtures.session(name, "bench", "u")).create();
    String pod = name + "-sandbox";
    String np = name + "-egress";
    waitUntil(() -> podSeen.containsKey(pod) && policySeen.containsKey(np), Duration.ofSeconds(60));
    return Math.max(podSeen.get(pod), policySeen.get(np)) - start;
  }

  private static long countBurst(Map<String, Long> seen, int burst) {
    return seen.keySet().stream().filter(k -> k.startsWith("burst")).count();
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> recorder(Map<String, Long> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        seen.putIfAbsent(obj.getMetadata().getName(), System.nanoTime());
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {}

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
    };
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    await()
        .atMost(timeout)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .until(condition::getAsBoolean);
  }

  /** The used heap once collections stop freeing more than 1% (what was closed has been let go). */
  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    AtomicLong used = new AtomicLong(Long.MAX_VALUE);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              System.gc();
              long now = rt.totalMemory() - rt.freeMemory();
              return now >= used.getAndSet(now) * 0.99;
            });
    return used.get();
  }

  private static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
