package io.itmcp.gateway.transport;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The SDK's stdio transport with its sends taken one at a time. The SDK emits each outgoing message
 * into a sink that refuses a second emitter while the first is still inside it, and gives up after
 * 100 ms of retrying ("signaled serially", the message is lost). A tool call's answer and the next
 * call's refusal are sent from different threads; on a busy machine the first emitter can be
 * descheduled for longer than that. Here a second sender waits on a lock instead: the emission
 * happens inside {@link #sendMessage}'s subscription, synchronously once the transport has started.
 */
final class SerializedStdioTransportProvider extends StdioServerTransportProvider {

  SerializedStdioTransportProvider(McpJsonMapper json, InputStream in, OutputStream out) {
    super(json, in, out);
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory sessionFactory) {
    super.setSessionFactory(transport -> sessionFactory.create(new OneSendAtATime(transport)));
  }

  static final class OneSendAtATime implements McpServerTransport {
    private final McpServerTransport delegate;
    private final Object sending = new Object();

    OneSendAtATime(McpServerTransport delegate) {
      this.delegate = delegate;
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
      return Mono.create(
          done -> {
            synchronized (sending) {
              delegate.sendMessage(message).subscribe(null, done::error, done::success);
            }
          });
    }

    @Override
    public Mono<Void> closeGracefully() {
      return delegate.closeGracefully();
    }

    @Override
    public void close() {
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
