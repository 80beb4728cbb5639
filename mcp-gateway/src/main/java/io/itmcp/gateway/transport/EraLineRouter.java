package io.itmcp.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.itmcp.gateway.server.CallProtocol;
import io.itmcp.gateway.server.CallProtocol.Era;
import io.itmcp.gateway.server.EraSelector;
import io.itmcp.gateway.server.JsonRpcInspector;
import io.itmcp.gateway.server.RequestIds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Stdin of a dual-era stdio server, one JSON-RPC line at a time, to the server of the line's era
 * ({@link EraSelector}): a line with modern {@code _meta} (or {@code server/discover}) to the
 * modern server, everything else to the legacy server exactly as before. A {@code
 * notifications/cancelled} follows the request it cancels. Legacy tool calls are stamped with the
 * protocol version the client's {@code initialize} negotiated, for the audit record.
 */
final class EraLineRouter {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REMEMBERED_MODERN_IDS = 1024;

  private final OutputStream legacy;
  private final OutputStream modern;
  private final Set<String> modernIds =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > REMEMBERED_MODERN_IDS;
            }
          });
  private final PendingRequests pending;
  private final Function<JsonRpcInspector.Inspected, Optional<String>> unknownTools;
  private final BiConsumer<Era, String> answer;
  private String legacyVersion;
  private StartGate gate = StartGate.OPEN;

  EraLineRouter(OutputStream legacy, OutputStream modern) {
    this(legacy, modern, new PendingRequests(), msg -> Optional.empty(), (era, line) -> {});
  }

  /**
   * @param pending where each routed request is counted until its answer goes out
   * @param unknownTools the answer to a tools/call of a tool the gateway does not have (audited
   *     there), which then reaches neither server; empty for any other message
   * @param answer writes a line to the client as the server of that era
   */
  EraLineRouter(
      OutputStream legacy,
      OutputStream modern,
      PendingRequests pending,
      Function<JsonRpcInspector.Inspected, Optional<String>> unknownTools,
      BiConsumer<Era, String> answer) {
    this.legacy = legacy;
    this.modern = modern;
    this.pending = pending;
    this.unknownTools = unknownTools;
    this.answer = answer;
  }

  /**
   * Holds every line but a legacy {@code initialize} until {@code gate}'s checks passed, and ends
   * the input with them ({@link StartGate.Failed} when they fail).
   */
  EraLineRouter gatedBy(StartGate gate) {
    this.gate = gate;
    return this;
  }

  /** Routes until end of input, then closes both servers' inputs. */
  void route(InputStream stdin) throws IOException {
    try {
      routeUntilEndOfInput(stdin);
    } finally {
      close();
    }
  }

  /**
   * Routes until end of input and leaves both servers' inputs open, so that the calls already
   * routed can finish and be answered ({@link #close} then ends them).
   */
  void routeUntilEndOfInput(InputStream stdin) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      routeLine(line);
    }
    // a start that fails after initialize fails before the gateway ends normally, whatever the
    // client sent
    gate.awaitPassed();
  }

  /** Ends both servers' inputs. */
  void close() {
    closeQuietly(legacy);
    closeQuietly(modern);
  }

  void routeLine(String line) throws IOException {
    route(classify(line));
  }

  /** Sends on a line {@link #classify} has already classified (each line is classified once). */
  void route(Routed routed) throws IOException {
    if (!routed.initialize()) {
      gate.awaitPassed();
    }
    // counted before it is sent on: its answer may go out before this thread runs again
    pending.accepted(routed.era(), routed.requestIdKey());
    if (routed.toolCall()) {
      Optional<String> refusal = unknownTools.apply(routed.inspected());
      if (refusal.isPresent()) {
        answer.accept(routed.era(), refusal.get());
        return;
      }
    }
    OutputStream to = routed.era() == Era.MODERN ? modern : legacy;
    to.write((routed.line() + "\n").getBytes(StandardCharsets.UTF_8));
    to.flush();
    if (routed.era() == Era.MODERN && routed.cancels() != null) {
      // the modern server answers a cancelled request with nothing: nothing is owed any more
      pending.cancelled(Era.MODERN, routed.cancels());
    }
  }

  /**
   * @param requestIdKey the id of a request (a method and an id), which its server owes an answer;
   *     else null
   * @param cancels for {@code notifications/cancelled}, the id of the request it cancels; else null
   * @param call for a tools/call, the line as {@link JsonRpcInspector} sees it, taken from the
   *     parse that classified it (one parse per line); else null
   * @param plainInitialize for an initialize, whether its id (a non-empty string or an int) and
   *     protocol version (a string) are read by the SDK as written: a number where the version
   *     belongs, or a fraction as id, the SDK would convert; an empty id it does not answer
   */
  record Routed(
      Era era,
      String line,
      String requestIdKey,
      boolean toolCall,
      boolean initialize,
      String cancels,
      JsonRpcInspector.Inspected call,
      boolean plainInitialize) {
    Routed(Era era, String line, String requestIdKey, boolean toolCall) {
      this(era, line, requestIdKey, toolCall, false, null, null, false);
    }

    static Routed toolCall(Era era, ObjectNode msg, String line, String requestIdKey) {
      return new Routed(
          era,
          line,
          requestIdKey,
          true,
          false,
          null,
          JsonRpcInspector.inspectParsed(msg, line),
          false);
    }

    /** What the unknown-tool check looks at: the tools/call as parsed, or the line parsed now. */
    JsonRpcInspector.Inspected inspected() {
      return call != null ? call : JsonRpcInspector.inspect(line);
    }

    static Routed initialize(Era era, ObjectNode msg, String line, String requestIdKey) {
      JsonNode id = msg.path("id");
      boolean plain =
          ((id.isTextual() && !id.asText().isEmpty()) || id.isInt())
              && msg.path("params").path("protocolVersion").isTextual();
      return new Routed(era, line, requestIdKey, false, true, null, null, plain);
    }

    static Routed cancellation(Era era, String line, String cancels) {
      return new Routed(era, line, null, false, false, cancels, null, false);
    }

    Routed(Era era, String line) {
      this(era, line, null, false);
    }

    Routed(Era era, String line, String requestIdKey) {
      this(era, line, requestIdKey, false);
    }
  }

  Routed classify(String line) {
    JsonNode root;
    try {
      root = line.isBlank() ? null : JSON.readTree(line);
    } catch (IOException e) {
      root = null;
    }
    if (!(root instanceof ObjectNode msg)) {
      return new Routed(
          Era.LEGACY, line); // the legacy server answers parse errors as it always did
    }
    String method = msg.path("method").isTextual() ? msg.get("method").asText() : null;
    JsonNode version = msg.at("/params/_meta/io.modelcontextprotocol~1protocolVersion");
    String modernVersion =
        version.isTextual() && !version.asText().isBlank() ? version.asText() : null;
    if ("notifications/cancelled".equals(method)) {
      String cancelled = RequestIds.key(msg.at("/params/requestId"));
      return Routed.cancellation(
          cancelled != null && modernIds.contains(cancelled) ? Era.MODERN : Era.LEGACY,
          line,
          cancelled);
    }
    Era era = EraSelector.select(method, modernVersion, false);
    String requestId = method == null ? null : RequestIds.key(msg.get("id"));
    if (era == Era.MODERN) {
      if (requestId != null) {
        modernIds.add(requestId);
      }
      // a subscriptions/listen stream lasts as long as its client: when stdin ends it has nothing
      // left to finish, so the end of input does not wait for it
      String owed = "subscriptions/listen".equals(method) ? null : requestId;
      return "tools/call".equals(method)
          ? Routed.toolCall(era, msg, line, owed)
          : new Routed(era, line, owed, false);
    }
    if ("initialize".equals(method)) {
      JsonNode requested = msg.at("/params/protocolVersion");
      legacyVersion =
          CallProtocol.negotiatedLegacy(requested.isTextual() ? requested.asText() : null);
      return Routed.initialize(era, msg, line, requestId);
    } else if ("tools/call".equals(method)
        && legacyVersion != null
        && msg.get("params") instanceof ObjectNode params) {
      JsonNode meta = params.get("_meta");
      ObjectNode metaObj = meta instanceof ObjectNode o ? o : params.putObject("_meta");
      metaObj.put(RequestIds.PROTOCOL_VERSION_META_KEY, legacyVersion);
      return Routed.toolCall(era, msg, msg.toString(), requestId);
    }
    return "tools/call".equals(method)
        ? Routed.toolCall(era, msg, line, requestId)
        : new Routed(era, line, requestId, false);
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException ignored) {
      // the server's input is gone already
    }
  }
}
