package io.itmcp.gateway.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import io.itmcp.gateway.runtime.kubernetes.PolicyStoreCurrency.Read;
import io.itmcp.gateway.runtime.kubernetes.PolicyStoreCurrency.WatchState;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PolicyStoreCurrencyTest {

  private static final WatchState CURRENT = new WatchState(true, true);
  private static final WatchState RECONNECTING = new WatchState(true, false);

  @Test
  void theStoreAnswersOnlyWhenSyncedAndWatching() {
    assertThat(PolicyStoreCurrency.read(CURRENT)).isEqualTo(Read.FROM_STORE);
    assertThat(PolicyStoreCurrency.read(RECONNECTING)).as("watch dropped").isEqualTo(Read.LIVE);
    assertThat(PolicyStoreCurrency.read(new WatchState(false, true)))
        .as("watching before the list is stored")
        .isEqualTo(Read.LIVE);
    assertThat(PolicyStoreCurrency.read(WatchState.NONE)).as("no watch").isEqualTo(Read.LIVE);
  }

  @Test
  void saysOnceWhenLookupsSwitchBetweenStoreAndLive() {
    PolicyStoreCurrency currency = new PolicyStoreCurrency("itmcp-sandboxes");

    assertThat(currency.decide(WatchState.NONE).change()).as("starting live is no news").isEmpty();
    var toStore = currency.decide(CURRENT);
    assertThat(toStore.read()).isEqualTo(Read.FROM_STORE);
    assertThat(toStore.change())
        .hasValueSatisfying(
            line ->
                assertThat(line)
                    .contains(
                        "answer from the watch on itmcppolicies in namespace itmcp-sandboxes"));
    assertThat(currency.decide(CURRENT).change()).isEmpty();
    var toLive = currency.decide(RECONNECTING);
    assertThat(toLive.read()).isEqualTo(Read.LIVE);
    assertThat(toLive.change())
        .hasValueSatisfying(
            line ->
                assertThat(line)
                    .contains("is not connected (synced: true)")
                    .contains("reads live"));
    assertThat(currency.decide(RECONNECTING).change()).isEmpty();
  }

  @Test
  void aDeniedPermissionStopsTheWatchAnythingElseIsRetried() {
    KubernetesClientException forbidden = status(403, "itmcppolicies is forbidden");

    assertThat(PolicyStoreCurrency.retryAfter(forbidden)).isFalse();
    assertThat(PolicyStoreCurrency.retryAfter(new WatcherException("watch", forbidden)))
        .as("a 403 under a watch error")
        .isFalse();
    assertThat(PolicyStoreCurrency.retryAfter(status(500, "etcd unavailable"))).isTrue();
    assertThat(PolicyStoreCurrency.retryAfter(status(401, "token expired"))).isTrue();
    assertThat(PolicyStoreCurrency.retryAfter(new WatcherException("closed"))).isTrue();
    assertThat(
            PolicyStoreCurrency.retryAfter(new KubernetesClientException("io", new IOException())))
        .isTrue();
  }

  @Test
  void theWarningNamesTheMissingVerbsAndWhatToGrant() {
    KubernetesClientException forbidden = status(403, "itmcppolicies is forbidden");

    assertThat(PolicyStoreCurrency.stoppedWarning("itmcp-sandboxes", false, forbidden))
        .contains("may not list and watch itmcppolicies in namespace itmcp-sandboxes")
        .contains("HTTP 403 itmcppolicies is forbidden")
        .contains("every policy lookup reads live")
        .contains("get, list and watch on itmcppolicies");
    assertThat(PolicyStoreCurrency.stoppedWarning("itmcp-sandboxes", true, forbidden))
        .as("the list worked: only watch is missing")
        .contains("may not watch itmcppolicies");
    assertThat(
            PolicyStoreCurrency.stoppedWarning(
                "ns", false, new java.util.concurrent.CompletionException(forbidden)))
        .as("as fabric8 hands the list's failure over")
        .contains("may not list and watch")
        .contains("(HTTP 403 itmcppolicies is forbidden)");
    assertThat(PolicyStoreCurrency.stoppedWarning("ns", true, status(500, "x")))
        .contains("the watch on itmcppolicies in namespace ns stopped (HTTP 500 x)")
        .contains("reads live");
  }

  private static KubernetesClientException status(int code, String message) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withMessage(message).build());
  }
}
