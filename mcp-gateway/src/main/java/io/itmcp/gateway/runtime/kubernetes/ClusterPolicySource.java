package io.itmcp.gateway.runtime.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.SessionNaming;
import io.itmcp.gateway.runtime.PolicyUnavailableException;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyRules;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Policies from the cluster: the ItmcpPolicy of a name in the sandbox namespace, read on every
 * lookup so that a change merged in Git (and applied by GitOps) holds from the next call on, and a
 * deleted policy stops working at once. Compiling is cached per resourceVersion, so an unchanged
 * policy costs one GET and no recompilation.
 *
 * <p>The URL path {@code /mcp/{policy}} selects the name; {@code /mcp} uses {@link
 * #defaultPolicyName()}.
 */
public final class ClusterPolicySource {

  private record Compiled(String uid, String resourceVersion, EffectivePolicy policy) {}

  private final KubernetesClient client;
  private final String namespace;
  private final String defaultPolicyName;
  private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

  /**
   * @param defaultPolicyName the policy of plain {@code /mcp} ({@code --policy-name}); may be null,
   *     then a policy must be named in the path
   */
  public ClusterPolicySource(KubernetesClient client, String namespace, String defaultPolicyName) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    if (defaultPolicyName != null && !SessionNaming.isValidObjectName(defaultPolicyName)) {
      throw new IllegalArgumentException(
          "default policy name '" + defaultPolicyName + "' is not a valid Kubernetes object name");
    }
    this.defaultPolicyName = defaultPolicyName;
  }

  public String namespace() {
    return namespace;
  }

  /** The default policy's name, or null when there is none. */
  public String defaultPolicyName() {
    return defaultPolicyName;
  }

  /**
   * The policy named in a request path, or the default when the path names none (null or empty).
   */
  public EffectivePolicy policyForPath(String pathPolicyName) {
    if (pathPolicyName == null || pathPolicyName.isEmpty()) {
      if (defaultPolicyName == null) {
        throw new PolicyUnavailableException(
            PolicyUnavailableException.Kind.NOT_FOUND,
            "no policy named: connect to /mcp/<policy> (no default policy is configured on this gateway)",
            null);
      }
      return policy(defaultPolicyName);
    }
    return policy(pathPolicyName);
  }

  /** The compiled ItmcpPolicy {@code name}, read now. */
  public EffectivePolicy policy(String name) {
    if (!SessionNaming.isValidObjectName(name)) {
      throw new PolicyUnavailableException(
          PolicyUnavailableException.Kind.NOT_FOUND,
          "'"
              + printable(name)
              + "' is not a valid ItmcpPolicy name (lower-case letters, digits, '-' and '.')",
          null);
    }
    ItmcpPolicy resource;
    try {
      resource = client.resources(ItmcpPolicy.class).inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new PolicyUnavailableException(
          PolicyUnavailableException.Kind.UNREADABLE,
          "ItmcpPolicy "
              + name
              + " in namespace "
              + namespace
              + " cannot be read right now ("
              + KubernetesSandbox.describe(e)
              + "); the request is refused. Retry later, or check the gateway's RBAC (get itmcppolicies)",
          e);
    }
    if (resource == null) {
      compiled.remove(name);
      throw new PolicyUnavailableException(
          PolicyUnavailableException.Kind.NOT_FOUND,
          "there is no ItmcpPolicy "
              + name
              + " in namespace "
              + namespace
              + "; ask the platform team which policies exist (kubectl get itmcppolicies -n "
              + namespace
              + ")",
          null);
    }
    String uid = resource.getMetadata().getUid();
    String version = resource.getMetadata().getResourceVersion();
    Compiled known = compiled.get(name);
    if (known != null
        && version != null
        && version.equals(known.resourceVersion())
        && Objects.equals(uid, known.uid())) {
      return known.policy();
    }
    EffectivePolicy policy;
    try {
      policy = PolicyRules.compile(resource);
    } catch (IllegalArgumentException e) {
      throw new PolicyUnavailableException(
          PolicyUnavailableException.Kind.INVALID,
          "ItmcpPolicy "
              + name
              + " is invalid and is not used: "
              + e.getMessage()
              + "; the platform team must fix it",
          e);
    }
    if (version != null) {
      compiled.put(name, new Compiled(uid, version, policy));
    }
    return policy;
  }

  private static String printable(String value) {
    if (value == null) {
      return "";
    }
    String cut = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
