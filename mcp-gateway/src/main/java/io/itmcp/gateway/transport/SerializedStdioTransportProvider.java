package io.itmcp.gateway.transport;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The SDK's stdio transport with its sends written by the sender itself, one at a time. The SDK
 * emits each outgoing message into a sink that refuses a second emitter while the first is still
 * inside it, and gives up after 100 ms of retrying ("signaled serially", the message is lost): a
 * tool call's answer and the next call's refusal are sent from different threads, and on a busy
 * machine the first emitter can be descheduled for longer than that. And every answer waited for
 * the SDK's writer thread to be scheduled before it went out. Here the sending thread writes the
 * line itself, holding a lock that a second sender waits on; the line is what the SDK would write
 * (its JSON, line breaks escaped, a newline). After the transport was closed, sends are dropped as
 * the SDK's are.
 */
final class SerializedStdioTransportProvider extends StdioServerTransportProvider {

  private final McpJsonMapper json;
  private final OutputStream out;

  SerializedStdioTransportProvider(McpJsonMapper json, InputStream in, OutputStream out) {
    super(json, in, out);
    this.json = json;
    this.out = out;
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory sessionFactory) {
    super.setSessionFactory(
        transport -> sessionFactory.create(new WrittenBySender(transport, json, out)));
  }

  static final class WrittenBySender implements McpServerTransport {
    private final McpServerTransport delegate;
    private final McpJsonMapper json;
    private final OutputStream out;
    private volatile boolean closed;

    WrittenBySender(McpServerTransport delegate, McpJsonMapper json, OutputStream out) {
      this.delegate = delegate;
      this.json = json;
      this.out = out;
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
      return Mono.fromRunnable(() -> write(message));
    }

    private void write(JSONRPCMessage message) {
      if (closed) {
        return;
      }
      try {
        String line = json.writeValueAsString(message);
        // as the SDK's writer: a message is one line
        line = line.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
          out.write(bytes);
          out.flush();
        }
      } catch (IOException e) {
        if (!closed) {
          throw new UncheckedIOException("stdout could not be written", e);
        }
      }
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.fromRunnable(() -> closed = true).then(delegate.closeGracefully());
    }

    @Override
    public void close() {
      closed = true;
      delegate.close();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return delegate.unmarshalFrom(data, typeRef);
    }

    @Override
    public List<String> protocolVersions() {
      return delegate.protocolVersions();
    }
  }
}
