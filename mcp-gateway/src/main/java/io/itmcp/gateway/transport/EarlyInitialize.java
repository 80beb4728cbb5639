package io.itmcp.gateway.transport;

import io.itmcp.gateway.server.CallProtocol;
import io.itmcp.gateway.server.McpServerFactory;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A stdio gateway's first line, read on a thread of its own while the gateway reads its policy and
 * builds its servers: when it is a legacy {@code initialize}, it is answered at once, with the
 * answer the legacy server gives (nothing in it depends on the policy: server name and version,
 * instructions, capabilities, the negotiated protocol version). {@link StdioGateway} then gives the
 * line to the legacy server as the first of stdin and withholds that server's own answer, so the
 * client sees one answer and the server's session is initialized as before. Every other line waits
 * for the servers and the policy's checks as before ({@link StartGate}); a first line that is
 * anything else (a modern request, a notification, an initialize the SDK might read differently) is
 * not answered here and goes to the servers in turn.
 */
public final class EarlyInitialize {

  /**
   * @param line the first line, without its line end; null when stdin ended before one
   * @param answer what was written to the client for it; null when it was not answered here
   * @param rest stdin after that line
   */
  public record FirstLine(String line, String answer, InputStream rest) {
    boolean answered() {
      return answer != null;
    }
  }

  private final CompletableFuture<FirstLine> first;

  private EarlyInitialize(CompletableFuture<FirstLine> first) {
    this.first = first;
  }

  /** No line read ahead: the gateway reads {@code stdin} from its start. */
  public static EarlyInitialize none(InputStream stdin) {
    return new EarlyInitialize(CompletableFuture.completedFuture(new FirstLine(null, null, stdin)));
  }

  /**
   * Starts reading {@code stdin}'s first line on a daemon thread and answers it on {@code stdout}
   * when it is a legacy {@code initialize}; nothing else may write to {@code stdout} until {@link
   * #await()} returned.
   */
  public static EarlyInitialize start(InputStream stdin, OutputStream stdout) {
    CompletableFuture<FirstLine> first = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                first.complete(readAndAnswer(stdin, stdout));
              } catch (IOException e) {
                first.completeExceptionally(new UncheckedIOException("stdio failed", e));
              } catch (RuntimeException | Error e) {
                first.completeExceptionally(e);
              }
            },
            "itmcp-stdio-initialize");
    reader.setDaemon(true);
    reader.start();
    return new EarlyInitialize(first);
  }

  /** Waits for the first line (and its answer, when it was answered here). */
  public FirstLine await() {
    try {
      return first.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  static FirstLine readAndAnswer(InputStream stdin, OutputStream stdout) throws IOException {
    BufferedInputStream in = new BufferedInputStream(stdin);
    String line = readLine(in);
    String answer = line == null ? null : answerTo(line);
    if (answer != null) {
      stdout.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
      stdout.flush();
    }
    return new FirstLine(line, answer, in);
  }

  /** One line as {@link java.io.BufferedReader#readLine()} reads it; null at end of input. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      line.write(b);
    }
    if (b == -1 && line.size() == 0) {
      return null;
    }
    String text = line.toString(StandardCharsets.UTF_8);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  /**
   * The legacy server's answer to this line when it is a legacy {@code initialize} whose id and
   * protocol version the SDK reads as given; null for any other line (the server answers it).
   */
  public static String answerTo(String line) {
    EraLineRouter.Routed routed =
        new EraLineRouter(OutputStream.nullOutputStream(), OutputStream.nullOutputStream())
            .classify(line);
    if (!routed.initialize() || !routed.plainInitialize()) {
      return null;
    }
    McpJsonMapper json = McpJsonDefaults.getMapper();
    try {
      if (!(McpSchema.deserializeJsonRpcMessage(json, line)
          instanceof McpSchema.JSONRPCRequest request)) {
        return null;
      }
      McpSchema.InitializeRequest initialize =
          json.convertValue(request.params(), McpSchema.InitializeRequest.class);
      if (initialize == null || initialize.protocolVersion() == null) {
        return null;
      }
      return json.writeValueAsString(
          McpSchema.JSONRPCResponse.result(
              request.id(),
              McpServerFactory.stdioInitializeResult(
                  CallProtocol.negotiatedLegacy(initialize.protocolVersion()))));
    } catch (IOException | RuntimeException e) {
      // the server reads it and answers as it always did
      return null;
    }
  }
}
