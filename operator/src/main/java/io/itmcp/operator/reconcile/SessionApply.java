package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.itmcp.api.v1alpha1.EgressStatus;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.ResolvedHost;
import io.itmcp.api.v1alpha1.SessionNaming;
import io.itmcp.api.v1alpha1.WarmPoolSpec;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.render.RenderedSession;
import io.itmcp.operator.render.ResolvedNames;
import io.itmcp.operator.render.SessionRenderInput;
import io.itmcp.operator.render.SessionRenderer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The apply step of a session's reconciliation: renders the session's objects and writes them, the
 * network objects before the pod (so the pod never runs unrestricted), and finds the session's pod
 * or makes it: the cached one, the live one the cache may not show yet, a claimed warm-pool pod, or
 * a new one. A pod once recorded and now gone is never replaced.
 */
final class SessionApply {
  private final SessionRenderer renderer;
  private final SessionObjects objects;
  private final SessionEvents events;
  private final WarmPool warmPool;
  private final EgressMode mode;

  SessionApply(
      SessionRenderer renderer,
      SessionObjects objects,
      SessionEvents events,
      WarmPool warmPool,
      EgressMode mode) {
    this.renderer = renderer;
    this.objects = objects;
    this.events = events;
    this.warmPool = warmPool;
    this.mode = mode;
  }

  /** What the writes came to. */
  sealed interface Outcome {}

  /** The network objects are as rendered and the session has this pod. */
  record Applied(EgressStatus egress, Pod pod) implements Outcome {}

  /**
   * The session cannot have its sandbox.
   *
   * @param egress the egress rendered, when the network objects were written before the failure
   */
  record Failed(String reason, String message, Optional<EgressStatus> egress) implements Outcome {}

  Outcome apply(SessionObservation seen, SessionAdmission.Proceed admitted) {
    ItmcpSession session = seen.session();
    ItmcpPolicy policy = admitted.policy();
    RenderedSession rendered;
    try {
      rendered =
          renderer.render(
              new SessionRenderInput(
                  session, policy, admitted.effective(), names(policy), mode, seen.now()));
    } catch (IllegalArgumentException e) {
      return new Failed(
          "RenderFailed", "cannot build the sandbox: " + e.getMessage(), Optional.empty());
    }

    boolean egressChanged;
    try {
      egressChanged = objects.applyNetworkPolicy(rendered.networkPolicy(), seen.networkPolicy());
      if (rendered.ciliumPolicy().isPresent()) {
        egressChanged |= objects.applyCiliumPolicy(rendered.ciliumPolicy().get());
      }
    } catch (ApiRejection e) {
      return new Failed(
          "NetworkPolicyRejected",
          e.getMessage() + "; without its network rules no sandbox is started",
          Optional.empty());
    }
    if (egressChanged && seen.previous().getEgress() != null) {
      events.normal(
          session, "EgressUpdated", "network rules re-rendered: " + describe(rendered.egress()));
    }
    Optional<EgressStatus> egress = Optional.of(rendered.egress());

    String recorded = seen.previous().getPodName();
    Pod pod = seen.pod().orElse(null);
    if (pod == null && recorded != null) {
      // The cache may not show a pod created moments ago: only the API server can say it is gone.
      pod = objects.livePod(seen.namespace(), recorded).orElse(null);
      if (pod == null) {
        return new Failed(
            "PodLost",
            "pod "
                + recorded
                + " was deleted; a session's sandbox is never replaced"
                + " (its state would be lost): start a new session",
            egress);
      }
    }
    if (pod == null && WarmPoolSpec.sizeOf(policy.getSpec().getSandbox()) > 0) {
      // The session's network objects are written above: a claimed pool pod leaves the pool's
      // deny-all only into them. Without a pool nothing is asked: the cold start as it was.
      pod = warmPool.claim(session, seen.policyName(), rendered.pod(), seen.now()).orElse(null);
    }
    if (pod == null) {
      Optional<Pod> created;
      try {
        created = objects.createPod(rendered.pod(), session);
      } catch (ApiRejection e) {
        return new Failed("PodRejected", e.getMessage(), egress);
      }
      if (created.isEmpty()) {
        return new Failed(
            "PodNameTaken",
            "a pod named "
                + SessionNaming.pod(session)
                + " exists and does not belong to this session",
            egress);
      }
      pod = created.get();
      events.normal(session, "PodCreated", "created sandbox pod " + pod.getMetadata().getName());
    }
    return new Applied(rendered.egress(), pod);
  }

  /** The policy's resolved hosts as the renderer takes them: addresses, or why there are none. */
  private static ResolvedNames names(ItmcpPolicy policy) {
    Map<String, List<String>> addresses = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    List<ResolvedHost> hosts =
        policy.getStatus() == null || policy.getStatus().getResolvedHosts() == null
            ? List.of()
            : policy.getStatus().getResolvedHosts();
    for (ResolvedHost host : hosts) {
      if (host.getAddresses() != null && !host.getAddresses().isEmpty()) {
        addresses.put(host.getHost(), host.getAddresses());
      } else {
        failures.put(host.getHost(), "no addresses at the last lookup, " + host.getResolvedAt());
      }
    }
    return new ResolvedNames(addresses, failures);
  }

  private static String describe(EgressStatus egress) {
    return SessionStatusRenderer.firstEntries(
            egress.getGranted().stream().map(g -> g.getEntry()).toList())
        + (egress.getNotGranted().isEmpty()
            ? ""
            : "; not granted: "
                + SessionStatusRenderer.firstEntries(
                    egress.getNotGranted().stream().map(r -> r.getEntry()).toList()));
  }
}
