package io.itmcp.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.server.CallProtocol.Era;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class EraLineRouterTest {

  private final EraLineRouter router =
      new EraLineRouter(new ByteArrayOutputStream(), new ByteArrayOutputStream());
  private static final String MODERN_META =
      "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}";

  @Test
  void aCancellationFollowsTheRequestItCancels() {
    router.classify(
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\","
            + MODERN_META
            + "}}");

    assertThat(
            router
                .classify(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7}}")
                .era())
        .isEqualTo(Era.MODERN);
    assertThat(
            router
                .classify(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"7\"}}")
                .era())
        .as("\"7\" is not 7")
        .isEqualTo(Era.LEGACY);
  }

  @Test
  void aListenStreamIsOwedNothingAtTheEndOfInputButACallIsAndItsCancellationIsRoutedModern() {
    EraLineRouter.Routed listen =
        router.classify(
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"subscriptions/listen\",\"params\":{"
                + MODERN_META
                + "}}");
    EraLineRouter.Routed call =
        router.classify(
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\","
                + MODERN_META
                + "}}");

    assertThat(listen.era()).isEqualTo(Era.MODERN);
    assertThat(listen.requestIdKey()).isNull();
    assertThat(call.requestIdKey()).as("a call is owed its answer").isNotNull();
    assertThat(
            router
                .classify(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":3}}")
                .era())
        .isEqualTo(Era.MODERN);
  }

  @Test
  void legacyCallsAreStampedWithTheNegotiatedVersionOnlyAfterInitialize() {
    String call =
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"cat_tool\"}}";
    assertThat(router.classify(call).line()).isEqualTo(call);

    router.classify(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-03-26\"}}");
    EraLineRouter.Routed stamped = router.classify(call);

    assertThat(stamped.era()).isEqualTo(Era.LEGACY);
    assertThat(stamped.line()).contains("\"io.itmcp/protocolVersion\":\"2025-03-26\"");
  }

  @Test
  void garbageGoesToTheLegacyServerUntouched() {
    assertThat(router.classify("not json"))
        .isEqualTo(new EraLineRouter.Routed(Era.LEGACY, "not json"));
    assertThat(router.classify("[1,2]").era()).isEqualTo(Era.LEGACY);
  }
}
