package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.itmcp.operator.config.EgressMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decides egress mode auto once at start: cilium when the CiliumNetworkPolicy CRD is installed. */
public final class EgressModeDetector {
  public static final String CILIUM_CRD = "ciliumnetworkpolicies.cilium.io";
  private static final Logger LOG = LoggerFactory.getLogger(EgressModeDetector.class);

  private EgressModeDetector() {}

  public static EgressMode decide(EgressMode configured, KubernetesClient client) {
    if (configured != EgressMode.AUTO) {
      return configured;
    }
    try {
      boolean cilium =
          client.apiextensions().v1().customResourceDefinitions().withName(CILIUM_CRD).get()
              != null;
      EgressMode mode = cilium ? EgressMode.CILIUM : EgressMode.NETWORK_POLICY;
      LOG.info(
          "egress mode auto: CRD {} {} -> {}",
          CILIUM_CRD,
          cilium ? "found" : "absent",
          mode.wireName());
      return mode;
    } catch (KubernetesClientException e) {
      LOG.warn(
          "egress mode auto: cannot read CRD {} ({}); using network-policy",
          CILIUM_CRD,
          e.getMessage());
      return EgressMode.NETWORK_POLICY;
    }
  }
}
