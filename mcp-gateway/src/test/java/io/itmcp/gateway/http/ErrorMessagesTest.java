package io.itmcp.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a client is told when the SDK or Tomcat fails a request: never the exception itself. */
class ErrorMessagesTest {

  private static final String SERIALIZED =
      "{\"jsonRpcError\":{\"code\":-32603,\"message\":\"Error processing message:"
          + " Cannot construct instance of `io.modelcontextprotocol.spec.McpSchema$JSONRPCRequest`\",\"data\":null},"
          + "\"stackTrace\":[{\"classLoaderName\":\"app\",\"moduleName\":null,\"moduleVersion\":null,"
          + "\"methodName\":\"doPost\",\"fileName\":\"HttpServletStreamableServerTransportProvider.java\"}],"
          + "\"message\":\"Error processing message\",\"localizedMessage\":\"x\",\"suppressed\":[]}";

  @Test
  void anSdkExceptionBecomesAFixedSentence() {
    ErrorMessages.ClientError error = ErrorMessages.fromSdk(500, SERIALIZED);
    assertThat(error.code()).isEqualTo(ErrorMessages.INTERNAL_ERROR);
    assertThat(error.message())
        .isEqualTo("internal error (HTTP 500); the gateway's log has the detail");
    assertThat(ErrorMessages.isJsonRpcError(SERIALIZED)).isFalse();
    assertThat(ErrorMessages.logLine(SERIALIZED))
        .startsWith("Error processing message: Cannot construct");
  }

  @Test
  void theSdksFixedRefusalsPassAndParserErrorsAreAParseError() {
    String accept =
        "{\"jsonRpcError\":{\"code\":-32601,\"message\":\"text/event-stream required in Accept header;"
            + " application/json required in Accept header\"},\"stackTrace\":[]}";
    assertThat(ErrorMessages.fromSdk(400, accept).message())
        .isEqualTo(
            "bad request: text/event-stream required in Accept header; application/json required in Accept header");
    String parser =
        "{\"jsonRpcError\":{\"code\":-32600,\"message\":\"Invalid message format: Unexpected character"
            + " ('<' (code 60)) at [Source: REDACTED; line: 1]\"},\"stackTrace\":[]}";
    assertThat(ErrorMessages.fromSdk(400, parser).code()).isEqualTo(ErrorMessages.PARSE_ERROR);
    String mixed =
        "{\"jsonRpcError\":{\"code\":-32601,\"message\":\"Session ID required in mcp-session-id header;"
            + " com.example.Secret 1.2.3\"}}";
    assertThat(ErrorMessages.fromSdk(400, mixed).message())
        .doesNotContain("com.example")
        .doesNotContain("1.2.3");
    assertThat(ErrorMessages.fromSdk(400, "not json").message()).startsWith("bad request");
  }

  @Test
  void onlyCleanJsonRpcErrorsPassUnchanged() {
    assertThat(ErrorMessages.isJsonRpcError(HttpErrors.json("refused: x"))).isTrue();
    assertThat(
            ErrorMessages.isJsonRpcError(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"m\","
                    + "\"data\":{\"field\":\"count\"}}}"))
        .isTrue();
    assertThat(
            ErrorMessages.isJsonRpcError(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":\"m\","
                    + "\"data\":{\"stackTrace\":[]}}}"))
        .isFalse();
    assertThat(
            ErrorMessages.isJsonRpcError(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-1,\"message\":\"m\"},"
                    + "\"cause\":{}}"))
        .isFalse();
  }

  @Test
  void sendErrorMessagesPassOnlyWhenTheyAreShortPlainText() {
    assertThat(ErrorMessages.clientMessage(503, "Server is shutting down"))
        .isEqualTo("service unavailable: Server is shutting down");
    assertThat(ErrorMessages.clientMessage(500, "java.lang.IllegalStateException: boom"))
        .isEqualTo("internal error (HTTP 500); the gateway's log has the detail");
    assertThat(ErrorMessages.clientMessage(404, null)).isEqualTo("not found");
    assertThat(ErrorMessages.clientMessage(400, "line\nbreak")).isEqualTo("bad request");
  }
}
