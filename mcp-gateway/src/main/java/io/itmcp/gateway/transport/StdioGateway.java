package io.itmcp.gateway.transport;

import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The MCP server over stdin/stdout; returns when the client closes stdin. */
public final class StdioGateway {

  private StdioGateway() {
  }

  public static void serve(McpServerFactory factory, InFlightCalls inFlight, InputStream stdin, OutputStream stdout)
      throws InterruptedException {
    InspectingLineInputStream in = new InspectingLineInputStream(new BufferedInputStream(stdin), inFlight,
        factory.protocolAudit(), line -> answer(stdout, line));
    StdioServerTransportProvider transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper(), in, stdout);
    McpSyncServer server = factory.stdio(transport);
    try {
      in.awaitEndOfInput();
    } finally {
      server.closeGracefully();
    }
  }

  /** One line to the client; the SDK's writer locks the same stream, so lines never interleave. */
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
