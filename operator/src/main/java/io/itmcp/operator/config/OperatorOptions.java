package io.itmcp.operator.config;

import io.itmcp.api.v1alpha1.SessionContract;
import java.time.Duration;
import java.util.Set;

/**
 * Every setting of the operator in one place. {@link #defaults()} gives the values used when no
 * flag overrides them; {@code with...} methods return changed copies.
 *
 * @param namespaces namespaces to watch; empty means all
 * @param defaultImage sandbox image when the policy names none
 * @param egressMode network-policy, cilium, or auto (cilium when its CRD is installed)
 * @param clusterDns where sandboxes may send DNS queries (selectors, ports, node-local cache)
 * @param dnsTtlFloor shortest time a resolved address set is kept before re-resolving
 * @param dnsTtlCeiling longest time a resolved address set is kept before re-resolving
 * @param dnsDefaultTtl TTL assumed when the resolver does not report one, bounded by floor/ceiling
 * @param tmpSizeLimit size limit of the /tmp emptyDir
 * @param sshMountPath where the ssh Secret is mounted read-only
 * @param leaderElection whether to elect a leader before reconciling
 * @param leaseName name of the leader-election Lease
 * @param leaseNamespace namespace of the Lease; null means the operator's own namespace
 * @param httpPort port of /healthz, /readyz and /metrics; 0 disables the server
 * @param missingPolicyRetry how often a session whose policy does not exist is looked at again
 */
public record OperatorOptions(
    Set<String> namespaces,
    String defaultImage,
    EgressMode egressMode,
    ClusterDns clusterDns,
    Duration dnsTtlFloor,
    Duration dnsTtlCeiling,
    Duration dnsDefaultTtl,
    String tmpSizeLimit,
    String sshMountPath,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    int httpPort,
    Duration missingPolicyRetry) {

  public static OperatorOptions defaults() {
    return new OperatorOptions(
        Set.of(),
        SandboxImage.DEFAULT,
        EgressMode.AUTO,
        ClusterDns.kubeDns(),
        Duration.ofSeconds(30),
        Duration.ofSeconds(300),
        Duration.ofSeconds(60),
        "64Mi",
        SessionContract.SSH_MOUNT_PATH,
        true,
        "itmcp-operator",
        null,
        8080,
        Duration.ofSeconds(30));
  }

  public OperatorOptions withNamespaces(Set<String> value) {
    return new OperatorOptions(Set.copyOf(value), defaultImage, egressMode, clusterDns,
        dnsTtlFloor, dnsTtlCeiling, dnsDefaultTtl, tmpSizeLimit, sshMountPath,
        leaderElection, leaseName, leaseNamespace, httpPort, missingPolicyRetry);
  }

  public OperatorOptions withEgressMode(EgressMode value) {
    return new OperatorOptions(namespaces, defaultImage, value, clusterDns,
        dnsTtlFloor, dnsTtlCeiling, dnsDefaultTtl, tmpSizeLimit, sshMountPath,
        leaderElection, leaseName, leaseNamespace, httpPort, missingPolicyRetry);
  }

  public OperatorOptions withLeaderElection(boolean value) {
    return new OperatorOptions(namespaces, defaultImage, egressMode, clusterDns,
        dnsTtlFloor, dnsTtlCeiling, dnsDefaultTtl, tmpSizeLimit, sshMountPath,
        value, leaseName, leaseNamespace, httpPort, missingPolicyRetry);
  }

  public OperatorOptions withHttpPort(int value) {
    return new OperatorOptions(namespaces, defaultImage, egressMode, clusterDns,
        dnsTtlFloor, dnsTtlCeiling, dnsDefaultTtl, tmpSizeLimit, sshMountPath,
        leaderElection, leaseName, leaseNamespace, value, missingPolicyRetry);
  }

  public OperatorOptions withDnsTtl(Duration floor, Duration ceiling, Duration defaultTtl) {
    return new OperatorOptions(namespaces, defaultImage, egressMode, clusterDns,
        floor, ceiling, defaultTtl, tmpSizeLimit, sshMountPath,
        leaderElection, leaseName, leaseNamespace, httpPort, missingPolicyRetry);
  }

  public OperatorOptions withLease(String name, String namespace) {
    return new OperatorOptions(namespaces, defaultImage, egressMode, clusterDns,
        dnsTtlFloor, dnsTtlCeiling, dnsDefaultTtl, tmpSizeLimit, sshMountPath,
        leaderElection, name, namespace, httpPort, missingPolicyRetry);
  }

  public OperatorOptions withClusterDns(ClusterDns value) {
    return new OperatorOptions(namespaces, defaultImage, egressMode, value,
        dnsTtlFloor, dnsTtlCeiling, dnsDefaultTtl, tmpSizeLimit, sshMountPath,
        leaderElection, leaseName, leaseNamespace, httpPort, missingPolicyRetry);
  }

  /** A TTL bounded by the floor and the ceiling. */
  public Duration boundTtl(Duration ttl) {
    if (ttl.compareTo(dnsTtlFloor) < 0) {
      return dnsTtlFloor;
    }
    return ttl.compareTo(dnsTtlCeiling) > 0 ? dnsTtlCeiling : ttl;
  }
}
