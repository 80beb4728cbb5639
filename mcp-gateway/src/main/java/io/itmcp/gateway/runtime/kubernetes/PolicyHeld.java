package io.itmcp.gateway.runtime.kubernetes;

import io.itmcp.api.v1alpha1.ItmcpPolicy;
import java.util.Objects;

/**
 * Whether a stored copy of a policy holds an applied change: the same object (uid) at the same
 * resourceVersion, or at the applied copy's generation or a later one. A write after the edit that
 * leaves the spec alone (the operator's status, a label) moves the resourceVersion on but not the
 * generation, so a watch that delivered the edit and such a write together still holds the edit.
 * ResourceVersions are opaque and only ever compared for equality; generations are the API's
 * sequence numbers of spec changes. An edit of metadata alone counts as held at once: the gateway
 * decides by the policy's name and spec only.
 */
final class PolicyHeld {

  private PolicyHeld() {}

  static boolean by(ItmcpPolicy stored, ItmcpPolicy applied) {
    if (stored == null) {
      return false;
    }
    if (!Objects.equals(stored.getMetadata().getUid(), applied.getMetadata().getUid())) {
      return false;
    }
    if (Objects.equals(
        stored.getMetadata().getResourceVersion(), applied.getMetadata().getResourceVersion())) {
      return true;
    }
    Long storedGeneration = stored.getMetadata().getGeneration();
    Long appliedGeneration = applied.getMetadata().getGeneration();
    return storedGeneration != null
        && appliedGeneration != null
        && storedGeneration >= appliedGeneration;
  }
}
