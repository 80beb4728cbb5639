package io.itmcp.gateway.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.SandboxExecException;
import io.itmcp.gateway.runtime.SandboxGoneException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One caller's sandbox in the cluster (one MCP session's under PerMcpSession): its ItmcpSession and
 * the pod the operator made for it. Commands run by pod exec (no shell: the argv goes to the
 * container runtime as is) in container {@code sandbox}, or {@code capture} for tcpdump.
 *
 * <p>Deadline: the argv runs under the image's {@code itmcp-deadline} (see {@link DeadlineArgv});
 * the gateway also stops waiting {@code killGrace} + 1s after the deadline and closes the
 * connection. Cancellation (thread interrupt) closes the connection at once and throws; the process
 * in the pod is then ended by {@code itmcp-deadline} at the deadline at the latest, because closing
 * an exec connection does not reliably kill the remote process.
 */
public final class KubernetesSandbox implements Sandbox {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesSandbox.class);
  private static final Duration FLUSH_WAIT = Duration.ofSeconds(2);
  private static final Duration BACKSTOP = Duration.ofSeconds(1);

  /** The exit code reported when the exec's Status carries none. */
  static final int NO_EXIT_CODE = PodExecConnection.NO_EXIT_CODE;

  private static final ExecutorService STARTERS =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "itmcp-exec-start");
            thread.setDaemon(true);
            return thread;
          });

  private final KubernetesClient client;
  private final KubernetesRuntimeSettings settings;
  private final String sessionName;
  private final String podName;
  private final ActivityReporter activity;
  private final Executor starters;
  private final Set<PodExecConnection> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private volatile boolean gone;

  KubernetesSandbox(
      KubernetesClient client,
      KubernetesRuntimeSettings settings,
      String sessionName,
      String podName,
      ActivityReporter activity) {
    this(client, settings, sessionName, podName, activity, STARTERS);
  }

  KubernetesSandbox(
      KubernetesClient client,
      KubernetesRuntimeSettings settings,
      String sessionName,
      String podName,
      ActivityReporter activity,
      Executor starters) {
    this.starters = starters;
    this.client = client;
    this.settings = settings;
    this.sessionName = sessionName;
    this.podName = podName;
    this.activity = activity;
  }

  /** The ItmcpSession's name, for audit records and Events. */
  public String sessionName() {
    return sessionName;
  }

  public String podName() {
    return podName;
  }

  @Override
  public ExecResult exec(ExecRequest request, ProgressListener progress)
      throws InterruptedException {
    if (closed) {
      throw new SandboxExecException(
          "the sandbox of this session has been closed; open a new MCP session", null);
    }
    if (ended()) {
      throw new SandboxGoneException(
          "ItmcpSession " + sessionName + " has ended; the command was not started");
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("cancelled before the command started");
    }
    activity.touch(sessionName);
    List<String> argv =
        settings.wrapWithTimeout()
            ? DeadlineArgv.wrap(request.argv(), request.deadline(), settings.killGrace())
            : request.argv();
    String container =
        request.target() == ExecTarget.CAPTURE
            ? SessionContract.CAPTURE_CONTAINER
            : SessionContract.SANDBOX_CONTAINER;
    CappedOutput output = new CappedOutput(request.maxOutputBytes(), request.maxStdoutBytes());
    CompletableFuture<Void> connectionDone = new CompletableFuture<>();
    ByteArrayOutputStream statusChannel = new ByteArrayOutputStream();
    long started = System.nanoTime();
    PodExecConnection watch =
        startInterruptibly(container, argv, output, statusChannel, connectionDone);
    running.add(watch);
    try {
      if (closed) {
        throw new SandboxExecException(
            "the session ended as the command started; open a new MCP session", null);
      }
      return await(request, watch, output, statusChannel, connectionDone, progress, started);
    } finally {
      running.remove(watch);
      watch.close();
      activity.touch(sessionName);
    }
  }

  /**
   * Opening an exec (the WebSocket upgrade) happens on a helper thread: the HTTP client can swallow
   * an interrupt while it waits, and cancellation must not be lost.
   */
  private PodExecConnection startInterruptibly(
      String container,
      List<String> argv,
      CappedOutput output,
      ByteArrayOutputStream statusChannel,
      CompletableFuture<Void> connectionDone)
      throws InterruptedException {
    CompletableFuture<PodExecConnection> starting =
        CompletableFuture.supplyAsync(
            () -> start(container, argv, output, statusChannel, connectionDone), starters);
    try {
      return starting.get();
    } catch (InterruptedException cancelled) {
      starting.thenAccept(PodExecConnection::close);
      throw cancelled;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new SandboxExecException(
          "could not run the command in pod " + podName + ": " + describe(e.getCause()),
          e.getCause());
    }
  }

  private PodExecConnection start(
      String container,
      List<String> argv,
      CappedOutput output,
      ByteArrayOutputStream statusChannel,
      CompletableFuture<Void> connectionDone) {
    try {
      return PodExecConnection.open(
          client,
          settings.namespace(),
          podName,
          container,
          argv,
          output.stdout(),
          output.stderr(),
          statusChannel,
          () -> connectionDone.complete(null),
          openTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxExecException("cancelled while the command was starting", e);
    } catch (KubernetesClientException e) {
      if (sessionHasEnded()) {
        gone = true;
        throw new SandboxGoneException(
            "ItmcpSession "
                + sessionName
                + " has ended (idle timeout, TTL or failure);"
                + " the command was not started");
      }
      throw new SandboxExecException(
          "could not run the command in pod "
              + podName
              + " (container "
              + container
              + ") of session "
              + sessionName
              + ": "
              + describe(e)
              + ". If the pod is gone, open a new MCP session; if this is 403, the gateway lacks 'create pods/exec' in namespace "
              + settings.namespace(),
          e);
    }
  }

  private ExecResult await(
      ExecRequest request,
      PodExecConnection watch,
      CappedOutput output,
      ByteArrayOutputStream statusChannel,
      CompletableFuture<Void> connectionDone,
      ProgressListener progress,
      long started)
      throws InterruptedException {
    long hardStop =
        started
            + request
                .deadline()
                .plus(settings.wrapWithTimeout() ? settings.killGrace() : Duration.ZERO)
                .plus(BACKSTOP)
                .toNanos();
    long tick = settings.progressInterval().toNanos();
    CompletableFuture<Integer> exit = watch.exitCode();
    while (true) {
      long remaining = hardStop - System.nanoTime();
      if (remaining <= 0) {
        watch.close();
        return new ExecResult(
            -1,
            output.stdoutText(),
            output.stderrText(),
            output.truncated(),
            true,
            elapsedMs(started));
      }
      Integer code;
      try {
        code = exit.get(Math.min(remaining, tick), TimeUnit.NANOSECONDS);
      } catch (TimeoutException stillRunning) {
        progress.onProgress(elapsedMs(started), output.bytesSeen());
        continue;
      } catch (InterruptedException cancelled) {
        watch.close();
        throw cancelled;
      } catch (ExecutionException e) {
        throw new SandboxExecException(
            "the exec connection to pod "
                + podName
                + " failed: "
                + describe(e.getCause())
                + "; the command may or may not have run",
            e.getCause());
      }
      if (code == null) {
        // closed without a Status: output may still be on its way to the buffers
        waitForFlush(connectionDone);
      }
      // with a Status nothing is left to wait for: it is the server's last frame on the one
      // ordered WebSocket, and every output frame before it was written to the buffers before the
      // next frame was read (PodExecConnection); waiting for the close frame after it only delayed
      // the answer
      long elapsed = elapsedMs(started);
      if (code == null && closed) {
        throw new SandboxExecException(
            "the session ended while the command ran; its output so far is lost", null);
      }
      if (code == null) {
        throw new SandboxExecException(
            "the exec connection to pod "
                + podName
                + " closed without an exit status; the command may or may not have completed",
            null);
      }
      if (code == NO_EXIT_CODE) {
        // the Status carried no exit code: the process never ran
        throw new SandboxExecException(
            "the command could not start in pod "
                + podName
                + " (container "
                + request.target().name().toLowerCase(java.util.Locale.ROOT)
                + "): "
                + statusMessage(statusChannel),
            null);
      }
      boolean timedOut =
          settings.wrapWithTimeout()
              && (code == DeadlineArgv.EXIT_TIMED_OUT || code == DeadlineArgv.EXIT_KILLED)
              && elapsed >= request.deadline().toMillis();
      return new ExecResult(
          timedOut ? -1 : code,
          output.stdoutText(),
          output.stderrText(),
          output.truncated(),
          timedOut,
          elapsed);
    }
  }

  /**
   * The message of the exec's final Status (channel 3), e.g. "executable file not found in $PATH".
   */
  static String statusMessage(ByteArrayOutputStream statusChannel) {
    String text = statusChannel.toString(java.nio.charset.StandardCharsets.UTF_8).trim();
    if (text.isEmpty()) {
      return "the API server gave no reason";
    }
    try {
      var status =
          io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
              text, io.fabric8.kubernetes.api.model.Status.class);
      return status.getMessage() == null || status.getMessage().isBlank()
          ? text
          : status.getMessage();
    } catch (RuntimeException notJson) {
      return text;
    }
  }

  /**
   * The exit status can arrive before the last output is written; the close callback comes after
   * it.
   */
  private static void waitForFlush(CompletableFuture<Void> connectionDone)
      throws InterruptedException {
    try {
      connectionDone.get(FLUSH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Output so far is kept; nothing else to wait for.
    }
  }

  /** How long opening an exec may take: the client's request timeout, as fabric8's exec waits. */
  private Duration openTimeout() {
    Integer millis = client.getConfiguration().getRequestTimeout();
    return Duration.ofMillis(millis == null || millis <= 0 ? 10_000 : millis);
  }

  private static long elapsedMs(long started) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }

  static String describe(Throwable e) {
    if (e instanceof KubernetesClientException k && k.getCode() > 0) {
      return "HTTP "
          + k.getCode()
          + (k.getStatus() != null && k.getStatus().getMessage() != null
              ? " " + k.getStatus().getMessage()
              : "");
    }
    return e == null
        ? "unknown error"
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /**
   * Whether the ItmcpSession is known to be gone: an exec found it ended, or the activity report
   * was answered 404 (the operator deleted it on idle timeout or TTL).
   */
  @Override
  public boolean ended() {
    return gone || activity.reportedGone(sessionName);
  }

  /**
   * Whether the ItmcpSession no longer exists or is ending; asked after an exec could not start.
   */
  private boolean sessionHasEnded() {
    try {
      ItmcpSession session =
          client
              .resources(ItmcpSession.class)
              .inNamespace(settings.namespace())
              .withName(sessionName)
              .get();
      if (session == null || session.getMetadata().getDeletionTimestamp() != null) {
        return true;
      }
      SessionPhase phase = session.getStatus() == null ? null : session.getStatus().getPhase();
      return phase == SessionPhase.Failed
          || phase == SessionPhase.Expired
          || phase == SessionPhase.Terminating;
    } catch (KubernetesClientException e) {
      return false; // cannot tell: report the exec failure as it is
    }
  }

  /**
   * This replica stops using the session; it stays for the other replicas until its idle timeout or
   * TTL. Activity not yet reported is reported first.
   */
  @Override
  public void detach() {
    activity.flushAndForget(sessionName);
  }

  /**
   * Ends the session: running commands are cut off, the ItmcpSession is deleted with background
   * propagation (the call does not wait; the operator's finalizer removes the pod and network
   * policies). Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (PodExecConnection watch : running) {
      watch.close();
    }
    activity.forget(sessionName);
    try {
      client
          .resources(ItmcpSession.class)
          .inNamespace(settings.namespace())
          .withName(sessionName)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not delete ItmcpSession {} (its TTL will end it): {}", sessionName, describe(e));
    }
  }
}
