package io.itmcp.e2e.netpol;

/** Removes rules a killed earlier run left, once per JVM. */
final class EgressFirewallCleanup {
  private static boolean done;

  private EgressFirewallCleanup() {}

  static synchronized void removeLeftoversOnce() {
    if (!done) {
      io.itmcp.e2e.docker.DockerEngine.require();
      EgressFirewall.removeLeftovers();
      done = true;
    }
  }
}
