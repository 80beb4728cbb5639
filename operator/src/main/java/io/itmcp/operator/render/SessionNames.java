package io.itmcp.operator.render;

import io.itmcp.api.v1alpha1.ItmcpSession;

/**
 * Names of what a session owns, derived only from the session's name, so that an operator
 * restarted at any point finds (and never duplicates) what it made before.
 */
public final class SessionNames {
  public static final String SANDBOX_CONTAINER = "sandbox";
  public static final String CAPTURE_CONTAINER = "capture";

  private SessionNames() {
  }

  public static String pod(ItmcpSession session) {
    return session.getMetadata().getName() + "-sandbox";
  }

  public static String networkPolicy(ItmcpSession session) {
    return session.getMetadata().getName() + "-egress";
  }

  public static String ciliumNetworkPolicy(ItmcpSession session) {
    return session.getMetadata().getName() + "-egress";
  }
}
