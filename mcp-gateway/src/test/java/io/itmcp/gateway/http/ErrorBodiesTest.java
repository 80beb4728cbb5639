package io.itmcp.gateway.http;

import static io.itmcp.gateway.testing.HttpHarness.ALICE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.HttpHarness;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.RawHttp;
import io.itmcp.gateway.testing.TestPolicies;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Errors leak nothing (issue 17.8): every error body is a JSON-RPC error object with a message for
 * the client — no serialized exception, stack trace, class name, library or server version — and no
 * response names the server.
 */
class ErrorBodiesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LIST =
      "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}";

  private final ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
  private HttpHarness harness;
  private String url;
  private Map<String, String> alice;

  @BeforeEach
  void start() throws Exception {
    harness =
        new HttpHarness(
            TestPolicies.policy(EnumSet.of(ToolName.CAT), TestPolicies.limits(3, 600)),
            FakeTools.catalog(),
            runtime,
            null,
            64 * 1024);
    url = harness.baseUrl() + "/mcp";
    alice = Map.of("Authorization", "Bearer " + ALICE_TOKEN);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aPostWithoutASessionIdIsAJsonRpcErrorThatSaysSo() throws Exception {
    HttpResponse<String> r = RawHttp.post(url, LIST, alice);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(safeError(r).path("message").asText())
        .contains("Session ID required in mcp-session-id header");
  }

  @Test
  void malformedJsonIsAParseError() throws Exception {
    HttpResponse<String> r = RawHttp.post(url, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":", alice);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode error = safeError(r);
    assertThat(error.path("code").asInt()).isEqualTo(-32700);
    assertThat(error.path("message").asText())
        .isEqualTo("parse error: the request body is not a JSON-RPC 2.0 message");
    HttpResponse<String> notJson =
        RawHttp.post(
            url,
            "<xml/>",
            Map.of("Authorization", "Bearer " + ALICE_TOKEN, "Mcp-Session-Id", session()));
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(safeError(notJson).path("code").asInt()).isEqualTo(-32700);
  }

  @Test
  void aMissingAcceptHeaderSaysWhatToAccept() throws Exception {
    HttpResponse<String> r =
        RawHttp.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + ALICE_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RawHttp.initializeBody(1)))
                .build());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(safeError(r).path("message").asText())
        .contains("text/event-stream required in Accept header")
        .contains("application/json required in Accept header");
    assertThat(harness.sessions.liveSessions()).isZero();
  }

  @Test
  void getAndDeleteWithoutASessionAndOtherMethodsArePlainJsonRpcErrors() throws Exception {
    HttpResponse<String> get =
        RawHttp.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + ALICE_TOKEN)
                .header("Accept", "text/event-stream")
                .GET()
                .build());
    assertThat(get.statusCode()).isEqualTo(400);
    safeError(get);
    HttpResponse<String> delete =
        RawHttp.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + ALICE_TOKEN)
                .DELETE()
                .build());
    assertThat(delete.statusCode()).isEqualTo(400);
    safeError(delete);
    HttpResponse<String> put =
        RawHttp.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + ALICE_TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(put.statusCode()).isEqualTo(405);
    safeError(put);
  }

  @Test
  void tomcatsOwnErrorPagesAreJsonRpcErrorsWithoutServerInfo() throws Exception {
    HttpResponse<String> nothingHere =
        RawHttp.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/nope")).GET().build());
    assertThat(nothingHere.statusCode()).isEqualTo(404);
    assertThat(safeError(nothingHere).path("message").asText()).startsWith("not found");
    HttpResponse<String> healthzPost =
        RawHttp.send(
            HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/healthz"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build());
    assertThat(healthzPost.statusCode()).isEqualTo(405);
    safeError(healthzPost);
  }

  private String session() throws Exception {
    return RawHttp.post(url, RawHttp.initializeBody(1), alice)
        .headers()
        .firstValue("Mcp-Session-Id")
        .orElseThrow();
  }

  /** The body is a JSON-RPC error object and nothing else; returns its error member. */
  private static JsonNode safeError(HttpResponse<String> r) throws Exception {
    String body = r.body();
    assertThat(r.headers().firstValue("Server")).as("no Server header").isEmpty();
    assertThat(r.headers().firstValue("X-Powered-By")).isEmpty();
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(body)
        .hasSizeLessThan(1024)
        .doesNotContain("stackTrace")
        .doesNotContain("\tat ")
        .doesNotContain("Exception")
        .doesNotContain("io.modelcontextprotocol")
        .doesNotContain("com.fasterxml")
        .doesNotContain("jakarta.")
        .doesNotContainIgnoringCase("tomcat")
        .doesNotContainPattern("\\b\\d+\\.\\d+\\.\\d+\\b");
    JsonNode root = JSON.readTree(body);
    assertThat(root.path("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(root.has("id")).isTrue();
    JsonNode error = root.path("error");
    assertThat(error.path("code").isInt()).isTrue();
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(root.size()).isEqualTo(3);
    assertThat(error.size()).isEqualTo(2);
    return error;
  }
}
