package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionNaming;
import io.itmcp.operator.render.CiliumNetworkPolicyRenderer;
import java.net.HttpURLConnection;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes what a session owns to the API server: network objects are created or brought back to what
 * was rendered (also when someone edited them); the pod is created once and never replaced.
 */
public final class SessionObjects {
  static final String POD = "Pod";
  static final String NETWORK_POLICY = "NetworkPolicy";
  private final KubernetesClient client;

  public SessionObjects(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Creates or updates the NetworkPolicy; true when anything was written. One the cache does not
   * hold is created at once (a new session's, on the path to its first call): when it exists after
   * all, the create's 409 reads it and it is updated as usual.
   */
  public boolean applyNetworkPolicy(NetworkPolicy desired, Optional<NetworkPolicy> cached) {
    var ops =
        client.network().v1().networkPolicies().inNamespace(desired.getMetadata().getNamespace());
    NetworkPolicy existing = cached.orElse(null);
    if (existing == null) {
      try {
        ops.resource(desired).create();
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw permanentOrRetry(NETWORK_POLICY, desired.getMetadata().getName(), e);
        }
        existing = ops.withName(desired.getMetadata().getName()).get();
      }
    }
    if (Objects.equals(existing.getSpec(), desired.getSpec())
        && Objects.equals(existing.getMetadata().getLabels(), desired.getMetadata().getLabels())) {
      return false;
    }
    desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
    try {
      ops.resource(desired).update();
    } catch (KubernetesClientException e) {
      throw permanentOrRetry(NETWORK_POLICY, desired.getMetadata().getName(), e);
    }
    return true;
  }

  /**
   * A permanent refusal becomes an {@link ApiRejection}; anything else is retried by JOSDK as it
   * is.
   */
  private static RuntimeException permanentOrRetry(
      String kind, String name, KubernetesClientException e) {
    return ApiRejection.isPermanent(e) ? new ApiRejection(kind, name, e) : e;
  }

  /** Creates or updates the CiliumNetworkPolicy; true when anything was written. */
  public boolean applyCiliumPolicy(GenericKubernetesResource desired) {
    var ops = cilium().inNamespace(desired.getMetadata().getNamespace());
    GenericKubernetesResource existing = ops.withName(desired.getMetadata().getName()).get();
    try {
      if (existing == null) {
        ops.resource(desired).create();
        return true;
      }
      if (Objects.equals(
          existing.getAdditionalProperties().get("spec"),
          desired.getAdditionalProperties().get("spec"))) {
        return false;
      }
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      ops.resource(desired).update();
      return true;
    } catch (KubernetesClientException e) {
      throw permanentOrRetry(CiliumNetworkPolicyRenderer.KIND, desired.getMetadata().getName(), e);
    }
  }

  /** The live pod, asked of the API server (not a cache), or empty. */
  public Optional<Pod> livePod(String namespace, String podName) {
    return Optional.ofNullable(client.pods().inNamespace(namespace).withName(podName).get());
  }

  /**
   * Creates the pod. A pod of that name that already exists is adopted when it belongs to this
   * session (an operator restarted between creating it and recording it); otherwise the name is
   * taken and the result is empty. A permanent refusal (invalid pod, Pod Security, quota,
   * LimitRange) is an {@link ApiRejection}.
   */
  public Optional<Pod> createPod(Pod desired, ItmcpSession session) {
    var ops = client.pods().inNamespace(desired.getMetadata().getNamespace());
    try {
      return Optional.of(ops.resource(desired).create());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw permanentOrRetry(POD, desired.getMetadata().getName(), e);
      }
      Pod existing = ops.withName(desired.getMetadata().getName()).get();
      boolean ours =
          existing != null
              && existing.getMetadata().getOwnerReferences() != null
              && existing.getMetadata().getOwnerReferences().stream()
                  .anyMatch(o -> Objects.equals(o.getUid(), session.getMetadata().getUid()));
      return ours ? Optional.of(existing) : Optional.empty();
    }
  }

  /**
   * Deletes the pod with its own grace period (the containers are stopped before the API object
   * goes; a zero grace period would remove the object while they may still run); true while the
   * object still exists, so the caller keeps the network rules until the pod is really gone.
   */
  public boolean deletePod(String namespace, String podName) {
    Resource<Pod> pod = client.pods().inNamespace(namespace).withName(podName);
    Pod current = pod.get();
    if (current == null) {
      return false;
    }
    if (current.getMetadata().getDeletionTimestamp() == null) {
      pod.delete();
    }
    return pod.get() != null;
  }

  /** Deletes the network objects; only call once the pod is gone, or it would run unrestricted. */
  public void deleteNetworkObjects(ItmcpSession session, boolean cilium) {
    String namespace = session.getMetadata().getNamespace();
    client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(namespace)
        .withName(SessionNaming.egressPolicy(session))
        .delete();
    if (cilium) {
      cilium().inNamespace(namespace).withName(SessionNaming.egressPolicy(session)).delete();
    }
  }

  private MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      cilium() {
    return client.genericKubernetesResources(
        CiliumNetworkPolicyRenderer.API_VERSION, CiliumNetworkPolicyRenderer.KIND);
  }
}
