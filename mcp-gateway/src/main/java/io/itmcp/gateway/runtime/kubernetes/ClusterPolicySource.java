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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policies from the cluster: the ItmcpPolicy of a name in the sandbox namespace, so that a change
 * merged in Git (and applied by GitOps) holds, and a deleted policy stops working, as soon as the
 * gateway sees it. With a watch ({@link #watching}), a lookup answers from the watch's store, and
 * an edit or deletion holds once the watch delivered it (milliseconds); but only while the watch is
 * known to be current (synced and connected, {@link PolicyStoreCurrency}): in every other state a
 * lookup reads the policy live with a GET, as it does without a watch. And the store's copy of a
 * name answers only for {@link StoreConfirmations#TRUSTED_FOR} after a GET found it current, so a
 * watch whose connection stalled without closing delays an edit by at most that. Compiling is
 * cached per uid and resourceVersion, so an unchanged policy is not recompiled.
 *
 * <p>The URL path {@code /mcp/{policy}} selects the name; {@code /mcp} uses {@link
 * #defaultPolicyName()}.
 */
public final class ClusterPolicySource implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterPolicySource.class);

  private record Compiled(String uid, String resourceVersion, EffectivePolicy policy) {}

  private final KubernetesClient client;
  private final String namespace;
  private final String defaultPolicyName;
  private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();
  private final PolicyWatch watch;
  private final PolicyStoreCurrency currency;
  private final StoreConfirmations confirmations;

  /**
   * Without a watch: every lookup reads live.
   *
   * @param defaultPolicyName the policy of plain {@code /mcp} ({@code --policy-name}); may be null,
   *     then a policy must be named in the path
   */
  public ClusterPolicySource(KubernetesClient client, String namespace, String defaultPolicyName) {
    this(client, namespace, defaultPolicyName, PolicyWatch.NONE);
  }

  /**
   * With a watch on the namespace's ItmcpPolicies, started now and left to sync; closing the source
   * stops it.
   */
  public static ClusterPolicySource watching(
      KubernetesClient client, String namespace, String defaultPolicyName) {
    requireValidDefault(defaultPolicyName); // before the informer starts, which would outlive it
    return new ClusterPolicySource(
        client, namespace, defaultPolicyName, InformedPolicyWatch.start(client, namespace));
  }

  ClusterPolicySource(
      KubernetesClient client, String namespace, String defaultPolicyName, PolicyWatch watch) {
    this(
        client,
        namespace,
        defaultPolicyName,
        watch,
        new StoreConfirmations(System::nanoTime, StoreConfirmations.TRUSTED_FOR));
  }

  ClusterPolicySource(
      KubernetesClient client,
      String namespace,
      String defaultPolicyName,
      PolicyWatch watch,
      StoreConfirmations confirmations) {
    this.confirmations = Objects.requireNonNull(confirmations, "confirmations");
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.watch = Objects.requireNonNull(watch, "watch");
    this.currency = new PolicyStoreCurrency(namespace);
    this.defaultPolicyName = requireValidDefault(defaultPolicyName);
  }

  private static String requireValidDefault(String defaultPolicyName) {
    if (defaultPolicyName != null && !SessionNaming.isValidObjectName(defaultPolicyName)) {
      throw new IllegalArgumentException(
          "default policy name '" + defaultPolicyName + "' is not a valid Kubernetes object name");
    }
    return defaultPolicyName;
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

  /** The compiled ItmcpPolicy {@code name}: from the watch while it is current, else read now. */
  public EffectivePolicy policy(String name) {
    if (!SessionNaming.isValidObjectName(name)) {
      throw new PolicyUnavailableException(
          PolicyUnavailableException.Kind.NOT_FOUND,
          "'"
              + printable(name)
              + "' is not a valid ItmcpPolicy name (lower-case letters, digits, '-' and '.')",
          null);
    }
    ItmcpPolicy resource = read(name);
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

  /**
   * The resource from the watch's store while the watch is current and a live read found its copy
   * current within {@link StoreConfirmations#TRUSTED_FOR}, else read live; null when there is none.
   */
  private ItmcpPolicy read(String name) {
    PolicyStoreCurrency.Decision decision = currency.decide(watch.state());
    decision.change().ifPresent(LOG::info);
    if (decision.read() == PolicyStoreCurrency.Read.LIVE) {
      return readLive(name);
    }
    if (confirmations.trusted(name)) {
      return watch.stored(name);
    }
    ItmcpPolicy live = readLive(name);
    confirmations.compared(name, resourceVersion(live), resourceVersion(watch.stored(name)));
    return live;
  }

  private static String resourceVersion(ItmcpPolicy policy) {
    return policy == null ? null : policy.getMetadata().getResourceVersion();
  }

  private ItmcpPolicy readLive(String name) {
    try {
      return client.resources(ItmcpPolicy.class).inNamespace(namespace).withName(name).get();
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
  }

  /**
   * Whether the next lookup of the policy holds {@code applied}'s change: at once when lookups read
   * live, else once the watch delivered it, or a later write of the same or a newer generation
   * ({@link PolicyHeld}). Lets a caller that just changed a policy wait until this gateway holds
   * the change.
   */
  public boolean holds(ItmcpPolicy applied) {
    return readsLive() || PolicyHeld.by(watch.stored(applied.getMetadata().getName()), applied);
  }

  /**
   * Whether the next lookup of {@code name} finds no policy: at once when lookups read live, else
   * once the watch delivered its deletion.
   */
  public boolean holdsNone(String name) {
    return readsLive() || watch.stored(name) == null;
  }

  private boolean readsLive() {
    return PolicyStoreCurrency.read(watch.state()) == PolicyStoreCurrency.Read.LIVE;
  }

  /** Stops the watch, if any. */
  @Override
  public void close() {
    watch.close();
  }

  private static String printable(String value) {
    if (value == null) {
      return "";
    }
    String cut = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
