package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.itmcp.operator.render.WarmPoolPodRenderer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to do with a policy's pool, decided from the pool pods the operator sees; pure. Stale pods
 * (another template hash: the policy changed the pod) and failed pods are deleted; beyond the
 * target the youngest not-ready pods go first; what is missing is created.
 *
 * @param stale pods to delete because the policy now renders another pod, or they failed
 * @param excess pods to delete because the pool is above its target
 * @param toCreate how many pods to create
 * @param ready current pool pods that are ready
 * @param refilling current pool pods that are not ready yet (including those about to be created)
 */
public record WarmPoolPlan(
    List<Pod> stale, List<Pod> excess, int toCreate, int ready, int refilling) {

  /**
   * @param target pool pods wanted for this policy (its size, already capped by what the
   *     operator-wide maximum leaves)
   * @param pool the policy's pool pods, deleting ones left out
   * @param templateHash the hash a claimable pod must have now
   */
  public static WarmPoolPlan of(int target, List<Pod> pool, String templateHash) {
    List<Pod> stale = new ArrayList<>();
    List<Pod> current = new ArrayList<>();
    for (Pod pod : pool) {
      boolean sameTemplate = Objects.equals(hash(pod), templateHash);
      if (!sameTemplate || PodState.of(pod).failure().isPresent()) {
        stale.add(pod);
      } else {
        current.add(pod);
      }
    }
    // Keep ready pods and, among equals, the oldest.
    current.sort(
        Comparator.comparing((Pod p) -> !PodState.of(p).ready())
            .thenComparing(p -> Objects.toString(p.getMetadata().getCreationTimestamp(), "")));
    List<Pod> kept = current.subList(0, Math.min(current.size(), Math.max(0, target)));
    List<Pod> excess = List.copyOf(current.subList(kept.size(), current.size()));
    int ready = (int) kept.stream().filter(p -> PodState.of(p).ready()).count();
    int toCreate = Math.max(0, target - kept.size());
    return new WarmPoolPlan(
        List.copyOf(stale), excess, toCreate, ready, kept.size() - ready + toCreate);
  }

  private static String hash(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null
        ? null
        : annotations.get(WarmPoolPodRenderer.TEMPLATE_HASH_ANNOTATION);
  }
}
