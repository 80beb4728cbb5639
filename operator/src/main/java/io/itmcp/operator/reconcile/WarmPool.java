package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionNaming;
import io.itmcp.api.v1alpha1.WarmPoolSpec;
import io.itmcp.api.v1alpha1.WarmPoolStatus;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.config.WarmPoolSettings;
import io.itmcp.operator.render.SessionTimes;
import io.itmcp.operator.render.WarmPoolPodRenderer;
import io.itmcp.policy.EffectivePolicy;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The warm pools: per policy, ready pods that belong to no caller, egress denied, which a new
 * session claims instead of creating its own pod. The pool side ({@link #reconcile}) runs in the
 * policy's reconciliation; the claim ({@link #claim}) in the session's, after the session's own
 * network objects are written.
 */
public final class WarmPool {
  private final KubernetesClient client;
  private final OperatorOptions options;
  private final WarmPoolSettings settings;
  private final SessionEvents events;
  private final RefillHoldoff holdoff;

  public WarmPool(
      KubernetesClient client,
      OperatorOptions options,
      WarmPoolSettings settings,
      SessionEvents events) {
    this.client = client;
    this.options = options;
    this.settings = settings;
    this.events = events;
    this.holdoff = new RefillHoldoff(settings.refillDelay());
  }

  /**
   * What a pool's reconciliation left: its status, and when a refill held off is due (the caller
   * looks again then).
   */
  public record Outcome(WarmPoolStatus status, Optional<Instant> refillDue) {}

  /**
   * Brings the policy's pool to its target (a refill recent claims made may wait, {@link
   * RefillHoldoff}) and returns what it holds. Serialised: the operator-wide maximum is shared by
   * every policy.
   *
   * @param effective the compiled policy; empty when it does not compile (the pool is emptied)
   * @param policyPods the policy's pool pods and claimed session pods the operator sees
   * @param allPoolPods every policy's pool pods the operator sees
   * @param created called with each pod created, so the caller's cache knows it at once
   */
  public synchronized Outcome reconcile(
      ItmcpPolicy policy,
      Optional<EffectivePolicy> effective,
      Collection<Pod> policyPods,
      Collection<Pod> allPoolPods,
      Instant now,
      Consumer<Pod> created) {
    List<Pod> pool = policyPods.stream().filter(p -> isPoolPodOf(p, policy)).toList();
    int others =
        (int)
            allPoolPods.stream()
                .filter(p -> !isPoolPodOf(p, policy))
                .filter(WarmPool::live)
                .count();
    int asked = effective.isEmpty() ? 0 : WarmPoolSpec.sizeOf(policy.getSpec().getSandbox());
    int target = Math.max(0, Math.min(asked, settings.maxPods() - others));
    String hash =
        effective.isEmpty()
            ? ""
            : WarmPoolPodRenderer.templateHash(policy, effective.get(), options, now);
    WarmPoolPlan plan = WarmPoolPlan.of(target, pool, hash);

    if (!plan.stale().isEmpty()) {
      delete(plan.stale());
      events.normal(
          policy,
          "WarmPoolReplaced",
          plan.stale().size()
              + " idle pool pods no longer match the policy's pod ("
              + "image, resources, mounts or tools changed) and were deleted: "
              + names(plan.stale()));
    }
    if (!plan.excess().isEmpty()) {
      delete(plan.excess());
      events.normal(
          policy,
          "WarmPoolShrunk",
          plan.excess().size()
              + " pool pods above the target of "
              + target
              + " were deleted: "
              + names(plan.excess()));
    }
    List<Pod> claimed =
        policyPods.stream().filter(WarmPool::live).filter(WarmPool::isClaimed).toList();
    Optional<Instant> refillDue = holdoff.due(plan.toCreate(), claimTimes(claimed), now);
    if (plan.toCreate() > 0 && refillDue.isEmpty()) {
      applyDenyAll(policy);
      Pod template = WarmPoolPodRenderer.render(policy, effective.get(), options, now);
      List<String> made = new ArrayList<>();
      for (int i = 0; i < plan.toCreate(); i++) {
        Pod pod =
            client
                .pods()
                .inNamespace(policy.getMetadata().getNamespace())
                .resource(template)
                .create();
        created.accept(pod);
        made.add(pod.getMetadata().getName());
      }
      events.normal(
          policy,
          "WarmPoolRefilled",
          "created "
              + made.size()
              + " pool pods toward a target of "
              + target
              + (target < asked
                  ? " ("
                      + asked
                      + " asked; the operator keeps at most "
                      + settings.maxPods()
                      + " pool pods in all, --warm-pool-max-pods)"
                  : "")
              + ": "
              + String.join(", ", made));
    }
    WarmPoolStatus status = new WarmPoolStatus();
    status.setTarget(target);
    status.setReady(plan.ready());
    status.setRefilling(plan.refilling());
    status.setClaimed(claimed.size());
    return new Outcome(status, refillDue);
  }

  /** When these claimed pods were claimed (those that record it). */
  private static List<Instant> claimTimes(List<Pod> claimed) {
    return claimed.stream()
        .map(p -> annotation(p, WarmPoolPodRenderer.CLAIMED_AT_ANNOTATION))
        .flatMap(at -> SessionTimes.parse(at).stream())
        .toList();
  }

  /**
   * Claims a ready pool pod for the session: one update, conditioned on the pod's resourceVersion,
   * moves it from the pool to the session (session labels, the session as controller owner, its
   * deadline). The caller has written the session's NetworkPolicy already, so the pod leaves the
   * pool's deny-all only into its session's egress. A claim lost to another session (409) tries the
   * next pod; with none left the result is empty and the caller starts a pod as without a pool.
   *
   * @param rendered the pod the session would get without a pool
   */
  public Optional<Pod> claim(ItmcpSession session, String policyName, Pod rendered, Instant now) {
    String namespace = session.getMetadata().getNamespace();
    // A claim whose status write was lost (conflict, restart) is found again, never repeated.
    Optional<Pod> already =
        client
            .pods()
            .inNamespace(namespace)
            .withLabel(SessionContract.SESSION_LABEL, session.getMetadata().getName())
            .list()
            .getItems()
            .stream()
            .filter(WarmPool::live)
            .filter(
                p ->
                    p.getMetadata().getOwnerReferences() != null
                        && p.getMetadata().getOwnerReferences().stream()
                            .anyMatch(
                                o -> Objects.equals(o.getUid(), session.getMetadata().getUid())))
            .findFirst();
    if (already.isPresent()) {
      return already;
    }
    String hash = WarmPoolPodRenderer.templateHash(rendered);
    List<Pod> candidates =
        client
            .pods()
            .inNamespace(namespace)
            .withLabel(WarmPoolPodRenderer.POOL_LABEL, SessionNaming.labelValue(policyName))
            .list()
            .getItems()
            .stream()
            .filter(WarmPool::live)
            .filter(p -> ownedByPolicy(p, policyName))
            .filter(p -> hash.equals(annotation(p, WarmPoolPodRenderer.TEMPLATE_HASH_ANNOTATION)))
            .filter(p -> PodState.of(p).ready())
            .sorted(
                Comparator.comparing(
                    p -> Objects.toString(p.getMetadata().getCreationTimestamp(), "")))
            .toList();
    for (Pod candidate : spreadFor(session.getMetadata().getName(), candidates)) {
      try {
        Pod claimed =
            client.pods().inNamespace(namespace).resource(adopt(candidate, rendered, now)).update();
        events.normal(
            session,
            "ClaimedFromWarmPool",
            "claimed ready pool pod "
                + claimed.getMetadata().getName()
                + " of policy "
                + policyName
                + " after writing the session's network rules");
        return Optional.of(claimed);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT
            && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
          throw e;
        }
        // Another session claimed it first, or it went away: try the next one.
      }
    }
    return Optional.empty();
  }

  /**
   * The candidates in an order of the session's own: the same list rotated by the session name's
   * hash. Sessions of a burst reconcile at once; all starting at the oldest pod, each would lose a
   * 409 per session ahead of it (n sessions, about n²/2 conflicting updates). Any ready pod of the
   * current hash will do, so where a session starts changes nothing else.
   */
  static List<Pod> spreadFor(String sessionName, List<Pod> candidates) {
    if (candidates.size() < 2) {
      return candidates;
    }
    List<Pod> rotated = new ArrayList<>(candidates);
    java.util.Collections.rotate(
        rotated, -Math.floorMod(sessionName.hashCode(), candidates.size()));
    return rotated;
  }

  /**
   * The pool pod as the session's pod: same spec and resourceVersion, the session's metadata and
   * deadline.
   */
  static Pod adopt(Pod poolPod, Pod rendered, Instant now) {
    Map<String, String> labels = new LinkedHashMap<>(rendered.getMetadata().getLabels());
    labels.put(WarmPoolPodRenderer.CLAIMED_LABEL, "true");
    Map<String, String> annotations =
        new LinkedHashMap<>(
            poolPod.getMetadata().getAnnotations() == null
                ? Map.of()
                : poolPod.getMetadata().getAnnotations());
    if (rendered.getMetadata().getAnnotations() != null) {
      annotations.putAll(rendered.getMetadata().getAnnotations());
    }
    annotations.put(WarmPoolPodRenderer.CLAIMED_AT_ANNOTATION, now.toString());
    Instant started =
        Optional.ofNullable(poolPod.getStatus() == null ? null : poolPod.getStatus().getStartTime())
            .or(() -> Optional.ofNullable(poolPod.getMetadata().getCreationTimestamp()))
            .flatMap(SessionTimes::parse)
            .orElse(now);
    long age = Math.max(0, Duration.between(started, now).toSeconds() + 1);
    Long sessionDeadline = rendered.getSpec().getActiveDeadlineSeconds();
    return new PodBuilder(poolPod)
        .editMetadata()
        .withLabels(labels)
        .withAnnotations(annotations)
        .withOwnerReferences(rendered.getMetadata().getOwnerReferences())
        .endMetadata()
        .editSpec()
        // activeDeadlineSeconds counts from the pod's start; it may be set on a running pod.
        .withActiveDeadlineSeconds(sessionDeadline == null ? null : sessionDeadline + age)
        .endSpec()
        .build();
  }

  private void applyDenyAll(ItmcpPolicy policy) {
    var desired = WarmPoolPodRenderer.denyAll(policy);
    var ops =
        client.network().v1().networkPolicies().inNamespace(policy.getMetadata().getNamespace());
    var existing = ops.withName(desired.getMetadata().getName()).get();
    if (existing == null) {
      ops.resource(desired).create();
    } else if (!Objects.equals(existing.getSpec(), desired.getSpec())) {
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      ops.resource(desired).update();
    }
  }

  private void delete(List<Pod> pods) {
    for (Pod pod : pods) {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .withGracePeriod(0)
          .delete();
    }
  }

  static boolean isPoolPod(Pod pod) {
    return pod.getMetadata().getLabels() != null
        && pod.getMetadata().getLabels().containsKey(WarmPoolPodRenderer.POOL_LABEL);
  }

  static boolean isClaimed(Pod pod) {
    return pod.getMetadata().getLabels() != null
        && "true".equals(pod.getMetadata().getLabels().get(WarmPoolPodRenderer.CLAIMED_LABEL));
  }

  /** The policy a pool pod or a claimed pod belongs to, if any. */
  static Optional<String> policyOf(Pod pod) {
    if (isPoolPod(pod)) {
      return ownerPolicy(pod);
    }
    if (isClaimed(pod)) {
      return Optional.ofNullable(pod.getMetadata().getLabels().get(SessionContract.POLICY_LABEL));
    }
    return Optional.empty();
  }

  private static boolean isPoolPodOf(Pod pod, ItmcpPolicy policy) {
    return isPoolPod(pod) && ownedByPolicy(pod, policy.getMetadata().getName());
  }

  private static boolean ownedByPolicy(Pod pod, String policyName) {
    return ownerPolicy(pod).filter(policyName::equals).isPresent();
  }

  private static Optional<String> ownerPolicy(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    return owners == null
        ? Optional.empty()
        : owners.stream()
            .filter(o -> "ItmcpPolicy".equals(o.getKind()))
            .map(OwnerReference::getName)
            .findFirst();
  }

  private static boolean live(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null;
  }

  private static String annotation(Pod pod, String key) {
    return pod.getMetadata().getAnnotations() == null
        ? null
        : pod.getMetadata().getAnnotations().get(key);
  }

  private static String names(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.joining(", "));
  }
}
