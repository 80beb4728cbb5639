package io.itmcp.e2e.mcp;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.operator.reconcile.PodState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Where a first call's time goes: every step of a session's start as the cluster shows it, stamped
 * when it is seen (the API server's watch, the node's work, the exec reaching the node, the
 * client's own attempts), per session. Not a test: the benchmark prints it beside its figures.
 */
final class FirstCallTimeline implements AutoCloseable {
  record Step(long nanos, String what) {}

  private final Map<String, List<Step>> bySession = new ConcurrentHashMap<>();

  /** pod name -> session label, from the pod watch: an exec names only the pod. */
  private final Map<String, String> sessionOfPod = new ConcurrentHashMap<>();

  private final java.util.Set<String> seenOnce = ConcurrentHashMap.newKeySet();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  FirstCallTimeline(McpNodeStack stack) {
    informers.add(
        stack
            .client
            .resources(ItmcpSession.class)
            .inNamespace(McpNodeStack.NS)
            .inform(
                handler(
                    s -> {
                      String phase =
                          s.getStatus() == null || s.getStatus().getPhase() == null
                              ? "no status"
                              : "phase " + s.getStatus().getPhase();
                      note(s.getMetadata().getName(), "session " + phase);
                    })));
    informers.add(
        stack
            .client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(McpNodeStack.NS)
            .inform(
                handler(
                    (NetworkPolicy np) ->
                        session(np).ifPresent(s -> note(s, "NetworkPolicy written")))));
    informers.add(
        stack
            .client
            .pods()
            .inNamespace(McpNodeStack.NS)
            .inform(
                handler(
                    (Pod p) ->
                        session(p)
                            .ifPresent(
                                s -> {
                                  sessionOfPod.put(p.getMetadata().getName(), s);
                                  boolean claimed =
                                      p.getMetadata().getName().startsWith("itmcp-pool-");
                                  note(
                                      s,
                                      (claimed ? "pool pod claimed" : "pod created")
                                          + (PodState.of(p).ready() ? ", ready" : ", not ready"));
                                }))));
    stack.node.onStep((pod, step) -> session(pod).ifPresent(s -> note(s, "node: " + step)));
    stack.onExec(podKey -> sessionOfExec(podKey).ifPresent(s -> note(s, "exec reached the node")));
    stack.execDispatcher.observe(
        (podKey, arrived, started, ended) ->
            sessionOfExec(podKey)
                .ifPresent(
                    s ->
                        note(
                            s,
                            String.format(
                                "exec: the node's process ran %d ms (started %d ms after the"
                                    + " exec arrived)",
                                (ended - started) / 1_000_000, (started - arrived) / 1_000_000))));
  }

  private Optional<String> sessionOfExec(String podKey) {
    return Optional.ofNullable(sessionOfPod.get(podKey.substring(podKey.indexOf('/') + 1)));
  }

  /** A step the client saw, for the session it belongs to. */
  void note(String session, String what) {
    // the watches repeat states (resyncs, status writes of other fields): the first sighting counts
    boolean repeatable =
        what.startsWith("client") || what.startsWith("exec") || what.startsWith("node: rules");
    if (!repeatable && !seenOnce.add(session + "|" + what)) {
      return;
    }
    bySession
        .computeIfAbsent(session, k -> new CopyOnWriteArrayList<>())
        .add(new Step(System.nanoTime(), what));
  }

  /** The session whose first step came after {@code t0}, i.e. the one a client started then. */
  Optional<String> sessionStartedAfter(long t0) {
    return bySession.entrySet().stream()
        .filter(e -> e.getValue().get(0).nanos() >= t0)
        .min(Comparator.comparingLong(e -> e.getValue().get(0).nanos()))
        .map(Map.Entry::getKey);
  }

  /** The session's steps as offsets from {@code t0}, in the order seen. */
  String describe(String session, long t0) {
    return bySession.getOrDefault(session, List.of()).stream()
        .sorted(Comparator.comparingLong(Step::nanos))
        .map(s -> String.format("%+6d ms %s", (s.nanos() - t0) / 1_000_000, s.what()))
        .collect(Collectors.joining("\n    ", "    ", ""));
  }

  private static Optional<String> session(HasMetadata o) {
    return Optional.ofNullable(o.getMetadata().getLabels())
        .map(l -> l.get(SessionContract.SESSION_LABEL))
        .filter(Objects::nonNull);
  }

  private static <T> ResourceEventHandler<T> handler(java.util.function.Consumer<T> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        seen.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        seen.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
    };
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
