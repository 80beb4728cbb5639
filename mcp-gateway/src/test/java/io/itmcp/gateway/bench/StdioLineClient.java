package io.itmcp.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.itmcp.gateway.testing.RawHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A stdio gateway driven one JSON-RPC line at a time, with no MCP library: the request written to
 * the gateway's stdin, the answer read from its stdout. What it times is the gateway's own cost,
 * not a client library's threads and schema checks.
 */
final class StdioLineClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final OutputStream in;
  private final BufferedReader out;
  private int nextId;

  private StdioLineClient(Process process) {
    this.process = process;
    this.in = process.getOutputStream();
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Spawns {@code command} (the gateway as {@code ./itmcp} starts it); its stderr is dropped. */
  static StdioLineClient spawn(List<String> command) throws IOException {
    return new StdioLineClient(
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
  }

  /** {@code initialize}, answered, then {@code notifications/initialized}. */
  void initialize() throws IOException {
    int id = nextId++;
    send(RawHttp.initializeBody(id));
    answer(id);
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  /** The answer to a request of {@code method} without parameters. */
  JsonNode request(String method) throws IOException {
    int id = nextId++;
    send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\"}");
    return answer(id);
  }

  /** {@code tools/call} of {@code tool}; {@link IllegalStateException} unless it succeeded. */
  JsonNode call(String tool, Map<String, Object> arguments) throws IOException {
    int id = nextId++;
    send(
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
            + tool
            + "\",\"arguments\":"
            + JSON.writeValueAsString(arguments)
            + "}}");
    JsonNode result = answer(id).path("result");
    if (result.path("isError").asBoolean(true)) {
      throw new IllegalStateException(tool + " failed: " + result);
    }
    return result;
  }

  /** This process as the operating system knows it (its CPU time, for one). */
  ProcessHandle handle() {
    return process.toHandle();
  }

  private void send(String line) throws IOException {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** The answer to request {@code id}; notifications before it are skipped. */
  private JsonNode answer(int id) throws IOException {
    String line;
    while ((line = out.readLine()) != null) {
      JsonNode message = JSON.readTree(line);
      if (message.path("id").asInt(-1) == id) {
        return message;
      }
    }
    throw new IllegalStateException("the gateway ended before answering request " + id);
  }

  /** Closes stdin (the gateway then finishes and exits), and kills it if it has not in 30 s. */
  @Override
  public void close() throws InterruptedException, IOException {
    ChildEnd.hangUp(process);
  }
}
