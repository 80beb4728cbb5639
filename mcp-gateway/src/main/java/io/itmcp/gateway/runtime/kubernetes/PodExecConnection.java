package io.itmcp.gateway.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One pod exec: the API server's exec WebSocket ({@code v4.channel.k8s.io}: each binary message's
 * first byte is its channel, 1 stdout, 2 stderr, 3 the final Status), opened on the client's own
 * HTTP client, with its authentication and TLS.
 *
 * <p>Why not fabric8's {@code pods().exec()}: before every exec it starts an informer on the pod to
 * wait until it is ready (a LIST, and a GET of the pod to check the container name), two extra API
 * round trips per tool call that the gateway does not need, because it execs only in a pod its
 * ItmcpSession reported Ready. The API server still refuses an exec in a missing pod or container
 * (the upgrade fails with its status code), so nothing is checked less. Its handling of each frame
 * on another thread is also gone: frames are written here as they arrive, in order, into the
 * caller's in-memory streams, which never block.
 */
final class PodExecConnection implements WebSocket.Listener {

  static final String PROTOCOL = "v4.channel.k8s.io";
  private static final byte STDOUT = 1;
  private static final byte STDERR = 2;
  private static final byte STATUS = 3;

  /**
   * What {@link #exitCode()} gives when the Status carries no exit code (the process never ran).
   */
  static final int NO_EXIT_CODE = -1;

  /**
   * How long the server has, after its Status, to close the connection before the gateway closes
   * it.
   */
  static final Duration SERVER_CLOSE_GRACE = Duration.ofSeconds(2);

  /** Runs a close later (a daemon thread; tests run them by hand). */
  @FunctionalInterface
  interface LateCloses {
    void after(Duration delay, Runnable close);
  }

  private static final LateCloses ON_A_DAEMON_THREAD =
      new LateCloses() {
        private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(
                task -> {
                  Thread t = new Thread(task, "itmcp-exec-late-close");
                  t.setDaemon(true);
                  return t;
                });

        @Override
        public void after(Duration delay, Runnable close) {
          scheduler.schedule(close, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
      };

  private final OutputStream stdout;
  private final OutputStream stderr;
  private final OutputStream statusChannel;
  private final Runnable onClosed;
  private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
  private final AtomicReference<WebSocket> socket = new AtomicReference<>();
  private final AtomicBoolean closeSent = new AtomicBoolean();
  private final LateCloses lateCloses;
  private volatile boolean closing;
  private volatile boolean statusReceived;

  PodExecConnection(
      OutputStream stdout,
      OutputStream stderr,
      OutputStream statusChannel,
      Runnable onClosed,
      LateCloses lateCloses) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.statusChannel = statusChannel;
    this.onClosed = onClosed;
    this.lateCloses = lateCloses;
  }

  /**
   * Opens the exec and waits (at most {@code openTimeout}) for the upgrade; a refused upgrade
   * (missing pod or container, no RBAC) throws {@link KubernetesClientException} with the API
   * server's status code. {@code onClosed} runs once when the connection has closed or failed,
   * after the last output was written.
   */
  static PodExecConnection open(
      KubernetesClient client,
      String namespace,
      String pod,
      String container,
      List<String> argv,
      OutputStream stdout,
      OutputStream stderr,
      OutputStream statusChannel,
      Runnable onClosed,
      Duration openTimeout)
      throws InterruptedException {
    PodExecConnection connection =
        new PodExecConnection(stdout, stderr, statusChannel, onClosed, ON_A_DAEMON_THREAD);
    CompletableFuture<WebSocket> opening =
        client
            .getHttpClient()
            .newWebSocketBuilder()
            .subprotocol(PROTOCOL)
            .uri(uri(client.getMasterUrl().toString(), namespace, pod, container, argv))
            .connectTimeout(openTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .buildAsync(connection);
    try {
      connection.socket.set(opening.get(openTimeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      opening.thenAccept(connection::sendCloseOnce);
      throw e;
    } catch (TimeoutException e) {
      opening.thenAccept(connection::sendCloseOnce);
      throw new KubernetesClientException(
          "the exec connection did not open within " + openTimeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      throw refusal(e.getCause());
    }
    if (connection.closing) {
      connection.close();
    }
    return connection;
  }

  /**
   * The exec URL as the API server (and fabric8) spell it: one {@code command} per argv element,
   * then the container, stdout and stderr; no stdin, no tty.
   */
  static URI uri(
      String masterUrl, String namespace, String pod, String container, List<String> argv) {
    StringBuilder url = new StringBuilder(masterUrl);
    if (!masterUrl.endsWith("/")) {
      url.append('/');
    }
    url.append("api/v1/namespaces/")
        .append(encode(namespace))
        .append("/pods/")
        .append(encode(pod))
        .append("/exec?");
    for (String arg : argv) {
      url.append("command=").append(encode(arg)).append('&');
    }
    url.append("container=").append(encode(container)).append("&stdout=true&stderr=true");
    return URI.create(url.toString());
  }

  private static String encode(String value) {
    return URLEncoder.encode(Objects.requireNonNull(value), StandardCharsets.UTF_8);
  }

  /** The upgrade's failure as the rest of the gateway reads API errors: with the status code. */
  static KubernetesClientException refusal(Throwable cause) {
    if (cause instanceof KubernetesClientException k) {
      return k;
    }
    if (cause instanceof WebSocketHandshakeException handshake && handshake.getResponse() != null) {
      Status status =
          new StatusBuilder()
              .withCode(handshake.getResponse().code())
              .withStatus("Failure")
              .withMessage(handshake.getMessage())
              .build();
      // the status carries the handshake's message; the constructor with a cause needs a request
      return new KubernetesClientException(status.getMessage(), status.getCode(), status);
    }
    return new KubernetesClientException(
        cause == null ? "the exec connection failed" : cause.toString(), cause);
  }

  /**
   * The command's exit code once its Status arrived; null when the connection closed without one;
   * failed when the connection failed. {@link #NO_EXIT_CODE} when the Status has none.
   */
  CompletableFuture<Integer> exitCode() {
    return exitCode;
  }

  /**
   * Closes the connection (the process in the pod is not reliably killed by it). Idempotent. After
   * the Status the server closes the connection itself and the gateway's close is the reply ({@link
   * #onClose}): a close sent at once would cross the server's, and the HTTP client refuses the
   * second close (fabric8 logs that as a warning with its stack trace). So once the Status has
   * arrived the gateway closes only a connection the server has not closed within {@link
   * #SERVER_CLOSE_GRACE}.
   */
  void close() {
    closing = true;
    WebSocket ws = socket.get();
    if (ws != null && !statusReceived) {
      sendCloseOnce(ws);
    } else if (ws != null && !closeSent.get()) {
      lateCloses.after(SERVER_CLOSE_GRACE, () -> sendCloseOnce(ws));
    }
    // the caller stops waiting now: no Status will be read after this
    exitCode.complete(null);
  }

  /** A normal close, sent once whoever closes first (the server, the caller, the deadline). */
  private void sendCloseOnce(WebSocket ws) {
    if (closeSent.compareAndSet(false, true)) {
      try {
        ws.sendClose(1000, "");
      } catch (RuntimeException alreadyClosed) {
        // the connection is gone already: nothing to close
      }
    }
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    // the HTTP client asks for the first message itself; each handled message asks for the next
    socket.set(webSocket);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    onMessage(webSocket, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteBuffer bytes) {
    try {
      if (bytes.hasRemaining()) {
        byte channel = bytes.get();
        byte[] data = new byte[bytes.remaining()];
        bytes.get(data);
        switch (channel) {
          case STDOUT -> stdout.write(data);
          case STDERR -> stderr.write(data);
          case STATUS -> {
            statusReceived = true;
            statusChannel.write(data);
            exitCode.complete(exitCodeOf(new String(data, StandardCharsets.UTF_8)));
          }
          default -> {
            // channel 0 (stdin) or 4 (resize) never come from the server; ignored
          }
        }
      }
    } catch (IOException e) {
      exitCode.completeExceptionally(e);
      close();
    }
    webSocket.request();
  }

  @Override
  public void onClose(WebSocket webSocket, int code, String reason) {
    sendCloseOnce(webSocket);
    exitCode.complete(null);
    onClosed.run();
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    exitCode.completeExceptionally(refusal(error));
    onClosed.run();
  }

  /**
   * The exit code a Status reports, as the kubelet writes it: 0 for Success; for NonZeroExitCode
   * the cause of reason ExitCode; otherwise (the process could not start) {@link #NO_EXIT_CODE}.
   */
  static int exitCodeOf(String statusJson) {
    Status status;
    try {
      status = Serialization.unmarshal(statusJson, Status.class);
    } catch (RuntimeException notJson) {
      return NO_EXIT_CODE;
    }
    if (status == null) {
      return NO_EXIT_CODE;
    }
    if ("Success".equals(status.getStatus())) {
      return 0;
    }
    if (!"NonZeroExitCode".equals(status.getReason()) || status.getDetails() == null) {
      return NO_EXIT_CODE;
    }
    return status.getDetails().getCauses().stream()
        .filter(cause -> "ExitCode".equals(cause.getReason()))
        .map(cause -> parse(cause.getMessage()))
        .findFirst()
        .orElse(NO_EXIT_CODE);
  }

  private static int parse(String number) {
    try {
      return Integer.parseInt(number == null ? "" : number.trim());
    } catch (NumberFormatException e) {
      return NO_EXIT_CODE;
    }
  }
}
