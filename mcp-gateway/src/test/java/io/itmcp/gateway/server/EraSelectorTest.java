package io.itmcp.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.server.CallProtocol.Era;
import org.junit.jupiter.api.Test;

class EraSelectorTest {

  @Test
  void initializeAndLegacySessionsStayLegacy() {
    assertThat(EraSelector.select("initialize", null, false)).isEqualTo(Era.LEGACY);
    assertThat(EraSelector.select("tools/call", null, false)).isEqualTo(Era.LEGACY);
    assertThat(EraSelector.select("tools/call", "2026-07-28", true))
        .as("a legacy session decides")
        .isEqualTo(Era.LEGACY);
    assertThat(EraSelector.select(null, null, false))
        .as("unparseable: the legacy server answers as before")
        .isEqualTo(Era.LEGACY);
  }

  @Test
  void modernMetaOrAModernOnlyMethodIsModernWhateverTheVersion() {
    assertThat(EraSelector.select("tools/call", "2026-07-28", false)).isEqualTo(Era.MODERN);
    assertThat(EraSelector.select("tools/list", "1900-01-01", false))
        .as("the modern server answers -32022")
        .isEqualTo(Era.MODERN);
    assertThat(EraSelector.select("server/discover", null, false)).isEqualTo(Era.MODERN);
    assertThat(EraSelector.select("subscriptions/listen", null, false)).isEqualTo(Era.MODERN);
  }

  @Test
  void theInspectorReadsTheModernVersionFromMeta() {
    JsonRpcInspector.Inspected modern =
        JsonRpcInspector.inspect(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\","
                + "\"params\":{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}");
    JsonRpcInspector.Inspected legacy =
        JsonRpcInspector.inspect(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\","
                + "\"params\":{\"_meta\":{\"progressToken\":\"t\"}}}");

    assertThat(modern.modernProtocolVersion()).isEqualTo("2026-07-28");
    assertThat(legacy.modernProtocolVersion()).isNull();
  }

  @Test
  void aLegacyInitializeNegotiatesAsTheSdkDoes() {
    assertThat(CallProtocol.negotiatedLegacy("2025-03-26")).isEqualTo("2025-03-26");
    assertThat(CallProtocol.negotiatedLegacy("2024-01-01")).isEqualTo("2025-11-25");
    assertThat(CallProtocol.negotiatedLegacy(null)).isEqualTo("2025-11-25");
  }
}
