package io.itmcp.operator.config;

import io.fabric8.kubernetes.api.model.Quantity;
import io.itmcp.api.v1alpha1.SessionContract;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Every setting of the operator in one place. {@link #defaults()} gives the values used when no
 * flag overrides them; {@link #builder()} starts from those defaults and {@link #toBuilder()} from
 * a given set, and {@link Builder#build()} refuses values the operator could not work with.
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

  public static final String DEFAULT_TMP_SIZE_LIMIT = "64Mi";
  public static final String DEFAULT_LEASE_NAME = "itmcp-operator";
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final Duration DEFAULT_DNS_TTL_FLOOR = Duration.ofSeconds(30);
  public static final Duration DEFAULT_DNS_TTL_CEILING = Duration.ofSeconds(300);
  public static final Duration DEFAULT_DNS_TTL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_MISSING_POLICY_RETRY = Duration.ofSeconds(30);

  public OperatorOptions {
    namespaces = Set.copyOf(namespaces);
  }

  public static OperatorOptions defaults() {
    return builder().build();
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    return new Builder()
        .namespaces(namespaces)
        .defaultImage(defaultImage)
        .egressMode(egressMode)
        .clusterDns(clusterDns)
        .dnsTtl(dnsTtlFloor, dnsTtlCeiling, dnsDefaultTtl)
        .tmpSizeLimit(tmpSizeLimit)
        .sshMountPath(sshMountPath)
        .leaderElection(leaderElection)
        .lease(leaseName, leaseNamespace)
        .httpPort(httpPort)
        .missingPolicyRetry(missingPolicyRetry);
  }

  /** A TTL bounded by the floor and the ceiling. */
  public Duration boundTtl(Duration ttl) {
    if (ttl.compareTo(dnsTtlFloor) < 0) {
      return dnsTtlFloor;
    }
    return ttl.compareTo(dnsTtlCeiling) > 0 ? dnsTtlCeiling : ttl;
  }

  /** Options one setting at a time; each setter names the flag it stands for in its refusal. */
  public static final class Builder {
    private Set<String> namespaces = Set.of();
    private String defaultImage = SandboxImage.DEFAULT;
    private EgressMode egressMode = EgressMode.AUTO;
    private ClusterDns clusterDns = ClusterDns.kubeDns();
    private Duration dnsTtlFloor = DEFAULT_DNS_TTL_FLOOR;
    private Duration dnsTtlCeiling = DEFAULT_DNS_TTL_CEILING;
    private Duration dnsDefaultTtl = DEFAULT_DNS_TTL;
    private String tmpSizeLimit = DEFAULT_TMP_SIZE_LIMIT;
    private String sshMountPath = SessionContract.SSH_MOUNT_PATH;
    private boolean leaderElection = true;
    private String leaseName = DEFAULT_LEASE_NAME;
    private String leaseNamespace;
    private int httpPort = DEFAULT_HTTP_PORT;
    private Duration missingPolicyRetry = DEFAULT_MISSING_POLICY_RETRY;

    private Builder() {}

    public Builder namespaces(Set<String> value) {
      namespaces = Set.copyOf(value);
      return this;
    }

    public Builder defaultImage(String value) {
      defaultImage = value;
      return this;
    }

    public Builder egressMode(EgressMode value) {
      egressMode = value;
      return this;
    }

    public Builder clusterDns(ClusterDns value) {
      clusterDns = value;
      return this;
    }

    public Builder dnsTtl(Duration floor, Duration ceiling, Duration defaultTtl) {
      dnsTtlFloor = floor;
      dnsTtlCeiling = ceiling;
      dnsDefaultTtl = defaultTtl;
      return this;
    }

    public Builder tmpSizeLimit(String value) {
      tmpSizeLimit = value;
      return this;
    }

    public Builder sshMountPath(String value) {
      sshMountPath = value;
      return this;
    }

    public Builder leaderElection(boolean value) {
      leaderElection = value;
      return this;
    }

    /**
     * @param namespace null: the operator's own namespace
     */
    public Builder lease(String name, String namespace) {
      leaseName = name;
      leaseNamespace = namespace;
      return this;
    }

    public Builder httpPort(int value) {
      httpPort = value;
      return this;
    }

    public Builder missingPolicyRetry(Duration value) {
      missingPolicyRetry = value;
      return this;
    }

    /**
     * The options; {@link IllegalArgumentException} names the first setting no sandbox could use.
     */
    public OperatorOptions build() {
      require(
          defaultImage != null && !defaultImage.isBlank(), "--default-image must name an image");
      Objects.requireNonNull(egressMode, "egressMode");
      Objects.requireNonNull(clusterDns, "clusterDns");
      requirePositive(dnsTtlFloor, "--dns-ttl-floor");
      requirePositive(dnsTtlCeiling, "--dns-ttl-ceiling");
      requirePositive(dnsDefaultTtl, "--dns-default-ttl");
      require(
          dnsTtlFloor.compareTo(dnsTtlCeiling) <= 0,
          "--dns-ttl-floor ("
              + dnsTtlFloor.toSeconds()
              + " s) must not be above --dns-ttl-ceiling ("
              + dnsTtlCeiling.toSeconds()
              + " s)");
      requireQuantity(tmpSizeLimit);
      // The API server refuses a volume mount path with ':' (and a relative one would be the
      // container's).
      require(
          sshMountPath != null && sshMountPath.startsWith("/") && !sshMountPath.contains(":"),
          "--ssh-mount-path must be an absolute path without ':', not '" + sshMountPath + "'");
      require(leaseName != null && !leaseName.isBlank(), "--lease-name must name a Lease");
      require(
          httpPort >= 0 && httpPort <= 65535,
          "--http-port must be 0 (no server) to 65535, not " + httpPort);
      requirePositive(missingPolicyRetry, "--missing-policy-retry");
      return new OperatorOptions(
          namespaces,
          defaultImage,
          egressMode,
          clusterDns,
          dnsTtlFloor,
          dnsTtlCeiling,
          dnsDefaultTtl,
          tmpSizeLimit,
          sshMountPath,
          leaderElection,
          leaseName,
          leaseNamespace,
          httpPort,
          missingPolicyRetry);
    }

    private static void requirePositive(Duration value, String flag) {
      require(
          value != null && !value.isNegative() && !value.isZero(),
          flag
              + " must be a positive number of seconds,"
              + " not "
              + (value == null ? "unset" : value.toSeconds()));
    }

    private static void requireQuantity(String value) {
      boolean valid;
      try {
        valid = value != null && Quantity.getAmountInBytes(new Quantity(value)).signum() > 0;
      } catch (IllegalArgumentException | ArithmeticException e) {
        valid = false;
      }
      require(
          valid,
          "--tmp-size-limit must be a positive Kubernetes quantity such as 64Mi or 1Gi, not '"
              + value
              + "'");
    }

    private static void require(boolean ok, String refusal) {
      if (!ok) {
        throw new IllegalArgumentException(refusal);
      }
    }
  }
}
