package io.itmcp.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonRpcInspectorTest {

  @Test
  void stampsToolCallIdsAndKeepsNumbersAndStringsApart() {
    JsonRpcInspector.Inspected n =
        JsonRpcInspector.inspect(
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"x\",\"_meta\":{\"progressToken\":1}}}");
    assertThat(n.requestIdKey()).isEqualTo("n:7");
    assertThat(n.text()).contains("\"io.itmcp/requestId\":\"n:7\"").contains("\"progressToken\":1");
    JsonRpcInspector.Inspected s =
        JsonRpcInspector.inspect(
            "{\"jsonrpc\":\"2.0\",\"id\":\"7\",\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}");
    assertThat(s.text()).contains("\"io.itmcp/requestId\":\"s:7\"");
  }

  @Test
  void aMessageAlreadyParsedIsSeenAsTheLineWouldBeButNeitherStampedNorChanged() throws Exception {
    String line =
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"cat_tool\",\"arguments\":{\"file_path\":\"/x\"},"
            + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}";
    com.fasterxml.jackson.databind.JsonNode tree =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
    String before = tree.toString();
    JsonRpcInspector.Inspected parsed = JsonRpcInspector.inspectParsed(tree, line);
    JsonRpcInspector.Inspected fromText = JsonRpcInspector.inspect(line);
    assertThat(parsed.text()).isEqualTo(line);
    assertThat(tree.toString()).isEqualTo(before);
    assertThat(parsed).usingRecursiveComparison().ignoringFields("text").isEqualTo(fromText);
    assertThat(parsed.toolArguments()).isEqualTo(java.util.Map.of("file_path", "/x"));
  }

  @Test
  void toolArgumentsArePlainValuesAndEmptyWhenAbsentOrNotAnObject() {
    JsonRpcInspector.Inspected call =
        JsonRpcInspector.inspect(
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"x\",\"arguments\":{\"a\":1,\"b\":{\"c\":[\"d\"]}}}}");
    assertThat(call.toolName()).isEqualTo("x");
    assertThat(call.toolArguments())
        .isEqualTo(java.util.Map.of("a", 1, "b", java.util.Map.of("c", java.util.List.of("d"))));
    assertThat(
            JsonRpcInspector.inspect(
                    "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}")
                .toolArguments())
        .isEmpty();
    assertThat(
            JsonRpcInspector.inspect(
                    "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"x\",\"arguments\":[1]}}")
                .toolArguments())
        .isEmpty();
  }

  @Test
  void aClientCannotPlantItsOwnRequestIdStamp() {
    JsonRpcInspector.Inspected m =
        JsonRpcInspector.inspect(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"x\",\"_meta\":{\"io.itmcp/requestId\":\"s:other\"}}}");
    assertThat(m.text()).contains("\"io.itmcp/requestId\":\"n:1\"").doesNotContain("s:other");
  }

  @Test
  void recognisesCancellationAndLeavesEverythingElseAlone() {
    JsonRpcInspector.Inspected c =
        JsonRpcInspector.inspect(
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"abc\"}}");
    assertThat(c.cancelledRequestIdKey()).isEqualTo("s:abc");
    String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    assertThat(JsonRpcInspector.inspect(list).text()).isEqualTo(list);
    assertThat(JsonRpcInspector.inspect("not json").text()).isEqualTo("not json");
    assertThat(JsonRpcInspector.inspect("[1,2]").method()).isNull();
    assertThat(
            JsonRpcInspector.inspect(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}")
                .isInitialize())
        .isTrue();
  }
}
