package io.itmcp.gateway.runtime.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the gateway's watch on ItmcpPolicies may answer a lookup instead of a GET to the API
 * server. It may only while it is known to be current: its first list has synced AND its watch is
 * connected. In every other state (not yet synced, watch dropped and reconnecting or re-listing,
 * stopped, never started) a lookup reads live, so a policy edit or deletion is never missed because
 * the copy in the store may be older than the cluster. The state goes in, the decision comes out;
 * the only state kept is the last decision, to log when it changes.
 */
final class PolicyStoreCurrency {

  /** Where a lookup reads. */
  enum Read {
    /** The watch's store: an absent policy there is an absent policy. */
    FROM_STORE,
    /** A GET of the policy from the API server. */
    LIVE
  }

  /**
   * What the watch reports about itself.
   *
   * @param synced its first list was stored (fabric8 {@code hasSynced()})
   * @param watching its watch is connected right now (fabric8 {@code isWatching()})
   */
  record WatchState(boolean synced, boolean watching) {
    static final WatchState NONE = new WatchState(false, false);
  }

  private final String namespace;
  private final AtomicReference<Read> last = new AtomicReference<>(Read.LIVE);

  PolicyStoreCurrency(String namespace) {
    this.namespace = namespace;
  }

  static Read read(WatchState state) {
    return state.synced() && state.watching() ? Read.FROM_STORE : Read.LIVE;
  }

  /**
   * The decision for {@code state}, and a line to log when it differs from the previous one (the
   * first decision for a watch that is not current yet is not news: lookups start live).
   */
  Decision decide(WatchState state) {
    Read now = read(state);
    Read before = last.getAndSet(now);
    if (before == now) {
      return new Decision(now, Optional.empty());
    }
    return new Decision(
        now,
        Optional.of(
            now == Read.FROM_STORE
                ? "policy lookups answer from the watch on itmcppolicies in namespace "
                    + namespace
                    + " (synced and connected): an edit holds once the watch delivers it"
                : "the watch on itmcppolicies in namespace "
                    + namespace
                    + " is not connected (synced: "
                    + state.synced()
                    + "); each policy lookup reads live until it is again"));
  }

  record Decision(Read read, Optional<String> change) {}

  /**
   * Whether the watch should try again after {@code failure}: yes (fabric8 backs off), except when
   * the API server denied the gateway the verbs, which no retry cures and which would otherwise be
   * retried, and logged, forever.
   */
  static boolean retryAfter(Throwable failure) {
    return !deniedPermission(failure);
  }

  static boolean deniedPermission(Throwable failure) {
    return apiError(failure) instanceof KubernetesClientException k && k.getCode() == 403;
  }

  /**
   * The API server's answer in {@code failure}'s causes (fabric8 wraps it in a CompletionException,
   * or a WatcherException), else {@code failure} itself.
   */
  private static Throwable apiError(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() > 0) {
        return k;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return failure;
  }

  /**
   * The warning for a watch that stopped for good, naming what the gateway lacks: {@code synced}
   * says whether its list worked (then the watch was refused), else list was refused (and watch was
   * never tried).
   */
  static String stoppedWarning(String namespace, boolean synced, Throwable failure) {
    String cause = KubernetesSandbox.describe(apiError(failure));
    if (deniedPermission(failure)) {
      String verbs = synced ? "watch" : "list and watch";
      return "the gateway may not "
          + verbs
          + " itmcppolicies in namespace "
          + namespace
          + " ("
          + cause
          + "): every policy lookup reads live with a GET (one API request per tool call)."
          + " Grant the gateway's Role the verbs get, list and watch on itmcppolicies"
          + " (deploy/base/gateway-rbac.yaml), then restart the gateway to use the watch";
    }
    return "the watch on itmcppolicies in namespace "
        + namespace
        + " stopped ("
        + cause
        + "): every policy lookup reads live with a GET until the gateway restarts";
  }
}
