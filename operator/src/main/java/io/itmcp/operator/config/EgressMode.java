package io.itmcp.operator.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * How egress is enforced: Kubernetes NetworkPolicy only, or NetworkPolicy plus CiliumNetworkPolicy.
 */
public enum EgressMode {
  NETWORK_POLICY,
  CILIUM,
  AUTO;

  /** The spelling used on the command line and in session status: network-policy, cilium, auto. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static EgressMode fromWire(String value) {
    return Arrays.stream(values())
        .filter(m -> m.wireName().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown egress mode '" + value + "'; use network-policy, cilium or auto"));
  }
}
