package io.itmcp.operator.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.itmcp.api.v1alpha1.EgressStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The objects a session becomes, and the egress status that describes them. */
public record RenderedSession(
    Pod pod,
    NetworkPolicy networkPolicy,
    Optional<GenericKubernetesResource> ciliumPolicy,
    EgressStatus egress) {

  /** Network objects first: they must exist before the pod starts. */
  public List<HasMetadata> objects() {
    List<HasMetadata> all = new ArrayList<>();
    all.add(networkPolicy);
    ciliumPolicy.ifPresent(all::add);
    all.add(pod);
    return all;
  }
}
