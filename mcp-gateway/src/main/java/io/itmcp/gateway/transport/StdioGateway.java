package io.itmcp.gateway.transport;

import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;

/** The MCP server over stdin/stdout; returns when the client closes stdin. */
public final class StdioGateway {

  private StdioGateway() {
  }

  public static void serve(McpServerFactory factory, InFlightCalls inFlight, InputStream stdin, OutputStream stdout)
      throws InterruptedException {
    InspectingLineInputStream in = new InspectingLineInputStream(new BufferedInputStream(stdin), inFlight);
    StdioServerTransportProvider transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper(), in, stdout);
    McpSyncServer server = factory.stdio(transport);
    try {
      in.awaitEndOfInput();
    } finally {
      server.closeGracefully();
    }
  }
}
