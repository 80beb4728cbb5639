package io.itmcp.gateway.transport;

import io.itmcp.gateway.modern.ModernMcpServers;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.server.transport.StdioMcpTransport;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The MCP server over stdin/stdout, both eras in one process: each line goes to the legacy server
 * (initialize, then a session as before) or to the modern one (2026-07-28, every request on its
 * own) by {@link EraLineRouter}; both answer on the same stdout, line by line. Returns when the
 * client closes stdin.
 */
public final class StdioGateway {

  private static final int PIPE_BYTES = 1 << 20;

  private StdioGateway() {
  }

  public static void serve(McpServerFactory factory, InFlightCalls inFlight, InputStream stdin, OutputStream stdout)
      throws InterruptedException {
    McpJsonMapper json = McpJsonDefaults.getMapper();
    SharedLineOutput out = new SharedLineOutput(stdout);
    try {
      PipedOutputStream toLegacy = new PipedOutputStream();
      PipedOutputStream toModern = new PipedOutputStream();
      InspectingLineInputStream legacyIn = new InspectingLineInputStream(
          new BufferedInputStream(new PipedInputStream(toLegacy, PIPE_BYTES)), inFlight, factory.protocolAudit(),
          line -> answer(stdout, line));
      McpSyncServer legacy = factory.stdio(new SerializedStdioTransportProvider(json, legacyIn, out.writer()));
      StdioMcpTransport modern = new StdioMcpTransport(ModernMcpServers.fixed(factory, inFlight), json,
          new PipedInputStream(toModern, PIPE_BYTES), out.writer());
      modern.start();
      try {
        new EraLineRouter(toLegacy, toModern).route(stdin);
        legacyIn.awaitEndOfInput();
      } finally {
        legacy.closeGracefully();
        modern.closeGracefully().block(Duration.ofSeconds(5));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("stdio failed", e);
    }
  }

  /** One line to the client; {@link SharedLineOutput} locks the same stream, so lines never interleave. */
  private static void answer(OutputStream stdout, String line) {
    synchronized (stdout) {
      try {
        stdout.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdout.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("stdout closed", e);
      }
    }
  }
}
