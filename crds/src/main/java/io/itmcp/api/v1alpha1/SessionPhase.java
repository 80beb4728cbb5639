package io.itmcp.api.v1alpha1;

/** Lifecycle of an ItmcpSession. */
public enum SessionPhase {
  Pending,
  Ready,
  Expired,
  Failed,
  Terminating
}
