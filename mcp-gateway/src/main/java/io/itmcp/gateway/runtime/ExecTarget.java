package io.itmcp.gateway.runtime;

/**
 * Where in the sandbox an argv runs: the restricted {@code sandbox} container, or the minimal
 * {@code capture} container that alone holds NET_RAW (tcpdump).
 */
public enum ExecTarget {
  SANDBOX,
  CAPTURE
}
