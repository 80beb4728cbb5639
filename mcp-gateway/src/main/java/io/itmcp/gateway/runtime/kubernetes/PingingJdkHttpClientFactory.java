package io.itmcp.gateway.runtime.kubernetes;

import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * fabric8's JDK HTTP client, with WebSocket pings every {@code interval} on every exec (and attach,
 * port-forward) connection until it closes.
 *
 * <p>Why: fabric8 7.5.2 applies {@code Config#websocketPingInterval} only in its OkHttp client; its
 * JDK client sends no pings, and its WebSocket abstraction cannot send one. A quiet exec (a tcpdump
 * waiting for packets, a long ping) then carries no bytes for minutes, and a load balancer or proxy
 * in front of the API server closes it at its idle timeout. Only the JDK's own {@link WebSocket}
 * can ping, so the JDK {@link HttpClient} the factory builds is wrapped and each WebSocket it opens
 * gets a timer. Pongs reach fabric8's listener, whose default handling re-requests the one message
 * a pong consumed, so its flow control is unchanged.
 */
public final class PingingJdkHttpClientFactory extends JdkHttpClientFactory {

  /** One daemon thread for every client's pings: sending a ping only queues a frame. */
  private static final ScheduledExecutorService TIMER = timer();

  private final Duration interval;

  /** {@code interval} zero or negative: no pings (fabric8's JDK client as it is). */
  public PingingJdkHttpClientFactory(Duration interval) {
    this.interval = interval;
  }

  private static ScheduledExecutorService timer() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "itmcp-websocket-ping");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  public Duration interval() {
    return interval;
  }

  @Override
  protected HttpClient.Builder createNewHttpClientBuilder() {
    HttpClient.Builder builder = super.createNewHttpClientBuilder();
    return interval.isZero() || interval.isNegative() ? builder : new Builder(builder);
  }

  /** Sends a ping now and then until either direction of the WebSocket closes. */
  void keepAlive(WebSocket webSocket) {
    AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
    task.set(
        TIMER.scheduleAtFixedRate(
            () -> {
              if (webSocket.isOutputClosed() || webSocket.isInputClosed()) {
                ScheduledFuture<?> self = task.get();
                if (self != null) {
                  self.cancel(false);
                }
                return;
              }
              try {
                // A ping that cannot be sent (the socket closing meanwhile) is no error: the next
                // tick stops.
                webSocket.sendPing(ByteBuffer.allocate(0)).exceptionally(e -> null);
              } catch (IllegalStateException | IllegalArgumentException e) {
                // same
              }
            },
            interval.toMillis(),
            interval.toMillis(),
            TimeUnit.MILLISECONDS));
  }

  /** The JDK builder, building a client whose WebSockets are kept alive. */
  private final class Builder implements HttpClient.Builder {
    private final HttpClient.Builder delegate;

    Builder(HttpClient.Builder delegate) {
      this.delegate = delegate;
    }

    @Override
    public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
      delegate.cookieHandler(cookieHandler);
      return this;
    }

    @Override
    public HttpClient.Builder connectTimeout(Duration duration) {
      delegate.connectTimeout(duration);
      return this;
    }

    @Override
    public HttpClient.Builder sslContext(SSLContext sslContext) {
      delegate.sslContext(sslContext);
      return this;
    }

    @Override
    public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
      delegate.sslParameters(sslParameters);
      return this;
    }

    @Override
    public HttpClient.Builder executor(Executor executor) {
      delegate.executor(executor);
      return this;
    }

    @Override
    public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
      delegate.followRedirects(policy);
      return this;
    }

    @Override
    public HttpClient.Builder version(HttpClient.Version version) {
      delegate.version(version);
      return this;
    }

    @Override
    public HttpClient.Builder priority(int priority) {
      delegate.priority(priority);
      return this;
    }

    @Override
    public HttpClient.Builder proxy(ProxySelector proxySelector) {
      delegate.proxy(proxySelector);
      return this;
    }

    @Override
    public HttpClient.Builder authenticator(Authenticator authenticator) {
      delegate.authenticator(authenticator);
      return this;
    }

    @Override
    public HttpClient build() {
      return new Client(delegate.build());
    }
  }

  /** The JDK client as it is, except that its WebSocket builder keeps each WebSocket alive. */
  private final class Client extends HttpClient {
    private final HttpClient delegate;

    Client(HttpClient delegate) {
      this.delegate = delegate;
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
      return new WebSocketBuilder(delegate.newWebSocketBuilder());
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
      return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
      return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
      return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
      return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
      return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
      return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
      return delegate.authenticator();
    }

    @Override
    public Version version() {
      return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
      return delegate.executor();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
        throws IOException, InterruptedException {
      return delegate.send(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
        HttpRequest request, HttpResponse.BodyHandler<T> handler) {
      return delegate.sendAsync(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
        HttpRequest request,
        HttpResponse.BodyHandler<T> handler,
        HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
      return delegate.sendAsync(request, handler, pushPromiseHandler);
    }
  }

  private final class WebSocketBuilder implements WebSocket.Builder {
    private final WebSocket.Builder delegate;

    WebSocketBuilder(WebSocket.Builder delegate) {
      this.delegate = delegate;
    }

    @Override
    public WebSocket.Builder header(String name, String value) {
      delegate.header(name, value);
      return this;
    }

    @Override
    public WebSocket.Builder connectTimeout(Duration timeout) {
      delegate.connectTimeout(timeout);
      return this;
    }

    @Override
    public WebSocket.Builder subprotocols(String mostPreferred, String... lesserPreferred) {
      delegate.subprotocols(mostPreferred, lesserPreferred);
      return this;
    }

    @Override
    public CompletableFuture<WebSocket> buildAsync(URI uri, WebSocket.Listener listener) {
      return delegate
          .buildAsync(uri, listener)
          .thenApply(
              webSocket -> {
                keepAlive(webSocket);
                return webSocket;
              });
    }
  }
}
