package io.itmcp.gateway.runtime.kubernetes;

import static io.itmcp.gateway.runtime.kubernetes.SessionStandIn.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.ErrorStreamMessage;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.WebSocketMessage;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.SandboxExecException;
import io.itmcp.gateway.runtime.SandboxGoneException;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.gateway.tools.ToolCallRunner;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.gateway.tools.files.CatTool;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyRefusedException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exec against the mock API server: it answers the exec websocket with the frames a kubelet sends
 * (channel 1 stdout, 2 stderr, 3 the exit Status).
 */
@EnableKubernetesMockClient(https = false, crud = true)
class KubernetesSandboxExecTest {

  static final String SESSION = "mcp-0123456789abcdef0123";
  static final String POD = "itmcp-pod-exec";

  KubernetesClient client;
  KubernetesMockServer server;
  KubernetesRuntimeSettings settings;
  ActivityReporter activity;

  @BeforeEach
  void setUp() {
    // createOr(update): on a busy machine the client may retry a create the mock server was slow to
    // answer, and the retry's 409 AlreadyExists must not fail the test
    client
        .resource(SessionStandIn.session(SESSION, "alice", "dns-checks"))
        .createOr(NonDeletingOperation::update);
    client.resource(SessionStandIn.readyPod(SESSION, POD)).createOr(NonDeletingOperation::update);
    settings =
        KubernetesRuntimeSettings.defaults(NAMESPACE)
            .withKillGrace(Duration.ofMillis(200))
            .withProgressInterval(Duration.ofMillis(100));
    activity = new ActivityReporter(client, NAMESPACE, Clock.systemUTC());
  }

  private KubernetesSandbox sandbox(KubernetesRuntimeSettings withSettings) {
    return new KubernetesSandbox(client, withSettings, SESSION, POD, activity);
  }

  /** The exec path fabric8 requests: one {@code command} parameter per argv element. */
  private static String execPath(String container, List<String> argv) {
    String commands =
        argv.stream()
            .map(arg -> "command=" + URLEncoder.encode(arg, StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return "/api/v1/namespaces/"
        + NAMESPACE
        + "/pods/"
        + POD
        + "/exec?"
        + commands
        + "&container="
        + container
        + "&stdout=true&stderr=true";
  }

  /**
   * The mock sends each frame after its own delay from the socket's opening. Every frame gets one:
   * the mock closes the socket as soon as nothing is pending, and a frame sent at once can find the
   * next one not yet queued.
   */
  private static WebSocketMessage delayed(WebSocketMessage message, long millis) {
    return new WebSocketMessage(millis, message.getBytes(), true, true);
  }

  /** A listener that opens the latch once output of the running command has arrived. */
  private static ProgressListener outputArrived(java.util.concurrent.CountDownLatch streaming) {
    return (elapsedMs, outputBytes) -> {
      if (outputBytes > 0) {
        streaming.countDown();
      }
    };
  }

  private static List<String> wrapped(List<String> argv, Duration deadline) {
    return DeadlineArgv.wrap(argv, deadline, Duration.ofMillis(200));
  }

  @Test
  void returnsExitCodeStdoutAndStderrOfTheArgvRunUnderTimeout() throws Exception {
    List<String> argv = List.of("dig", "+short", "example.org", "A");
    server
        .expect()
        .get()
        .withPath(execPath("sandbox", wrapped(argv, Duration.ofSeconds(5))))
        .andUpgradeToWebSocket()
        .open(
            delayed(new OutputStreamMessage("93.184.215.14\n"), 50),
            delayed(new ErrorStreamMessage(";; warning: recursion not available\n"), 60),
            delayed(new StatusStreamMessage(3), 70))
        .done()
        .once();

    ExecResult result =
        sandbox(settings)
            .exec(
                new ExecRequest(argv, ExecTarget.SANDBOX, Duration.ofSeconds(5), 65536),
                ProgressListener.NONE);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo("93.184.215.14\n");
    assertThat(result.stderr()).isEqualTo(";; warning: recursion not available\n");
    assertThat(result.truncated()).isFalse();
    assertThat(result.timedOut()).isFalse();
  }

  /**
   * A file tool in a pod: one exec of the image's reader running the tool, under the pod-side
   * deadline.
   */
  @Test
  void aFileToolCallIsOnePodExecOfTheReaderAndItsRefusalIsAPolicyRefusal() throws Exception {
    EffectivePolicy policy =
        TestPolicies.builder().directories("/var/log").toolTimeoutSeconds(5).build();
    ToolPlan read = new CatTool().plan(Map.of("file_path", "/var/log/app.log"), policy);
    ToolPlan escape = new CatTool().plan(Map.of("file_path", "/var/log/escape.log"), policy);
    server
        .expect()
        .get()
        .withPath(execPath("sandbox", wrapped(read.argv(), Duration.ofSeconds(5))))
        .andUpgradeToWebSocket()
        .open(
            delayed(new OutputStreamMessage("line\n"), 50), delayed(new StatusStreamMessage(0), 60))
        .done()
        .once();
    server
        .expect()
        .get()
        .withPath(execPath("sandbox", wrapped(escape.argv(), Duration.ofSeconds(5))))
        .andUpgradeToWebSocket()
        .open(
            delayed(
                new ErrorStreamMessage(
                    "itmcp-read: refused /var/log/escape.log: the symlink escape.log points to "
                        + "/var/run/secrets/itmcp/ssh/id_ed25519, outside the allowed directories (rule allowedDirectories)\n"),
                50),
            delayed(new StatusStreamMessage(121), 60))
        .done()
        .once();
    KubernetesSandbox sandbox = sandbox(settings);
    execRequests();

    ToolCallRunner.Outcome o = ToolCallRunner.run(sandbox, read, policy, ProgressListener.NONE);

    assertThat(o.result().stdout()).isEqualTo("line\n");
    assertThat(read.argv()).startsWith("itmcp-read").endsWith("--", "cat");
    assertThat(execRequests()).as("pod execs for one cat_tool call").isEqualTo(1);
    assertThatThrownBy(() -> ToolCallRunner.run(sandbox, escape, policy, ProgressListener.NONE))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessageContaining("points to /var/run/secrets/itmcp/ssh/id_ed25519")
        .hasMessageContaining("rule allowedDirectories");
    assertThat(execRequests()).as("pod execs for the refused call").isEqualTo(1);
  }

  /**
   * A call costs the API server one request, the exec itself: no LIST or GET of the pod first (the
   * pod is the Ready pod of the session), and the argv reaches it as the kubelet must run it.
   */
  @Test
  void anExecIsOneRequestToTheApiServerAndNothingElse() throws Exception {
    List<String> argv = List.of("ping", "-n", "-c", "1", "--", "10.0.0.1");
    String path = execPath("sandbox", wrapped(argv, Duration.ofSeconds(5)));
    server
        .expect()
        .get()
        .withPath(path)
        .andUpgradeToWebSocket()
        .open(
            delayed(new OutputStreamMessage("1 received\n"), 50),
            delayed(new StatusStreamMessage(0), 60))
        .done()
        .once();
    KubernetesSandbox sandbox = sandbox(settings);
    List<String> before = new java.util.ArrayList<>();
    for (RecordedRequest r = server.takeRequest(100, TimeUnit.MILLISECONDS);
        r != null;
        r = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      before.add(r.getPath());
    }

    ExecResult result =
        sandbox.exec(
            new ExecRequest(argv, ExecTarget.SANDBOX, Duration.ofSeconds(5), 65536),
            ProgressListener.NONE);

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("1 received\n");
    List<String> during = new java.util.ArrayList<>();
    for (RecordedRequest r = server.takeRequest(100, TimeUnit.MILLISECONDS);
        r != null;
        r = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      during.add(r.getMethod() + " " + r.getPath());
    }
    assertThat(during).as("API requests of one exec").containsExactly("GET " + path);
  }

  /**
   * How many pod execs the mock server received since the last call (other requests, e.g. activity,
   * are not counted).
   */
  private int execRequests() throws InterruptedException {
    int execs = 0;
    for (RecordedRequest r = server.takeRequest(100, TimeUnit.MILLISECONDS);
        r != null;
        r = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      if (r.getPath().contains("/exec?")) {
        execs++;
      }
    }
    return execs;
  }

  @Test
  void zeroExitAndTheCaptureContainerForCaptureTarget() throws Exception {
    List<String> argv = List.of("tcpdump", "-i", "eth0", "-c", "1");
    server
        .expect()
        .get()
        .withPath(execPath("capture", wrapped(argv, Duration.ofSeconds(5))))
        .andUpgradeToWebSocket()
        .open(
            delayed(new OutputStreamMessage("1 packet captured\n"), 50),
            delayed(new StatusStreamMessage(0), 60))
        .done()
        .once();

    ExecResult result =
        sandbox(settings)
            .exec(
                new ExecRequest(argv, ExecTarget.CAPTURE, Duration.ofSeconds(5), 65536),
                ProgressListener.NONE);

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("1 packet captured\n");
  }

  @Test
  void outputPastTheCapIsCutAndFlagged() throws Exception {
    List<String> argv = List.of("cat", "/var/log/big.log");
    server
        .expect()
        .get()
        .withPath(execPath("sandbox", wrapped(argv, Duration.ofSeconds(5))))
        .andUpgradeToWebSocket()
        .open(
            delayed(new OutputStreamMessage("0123456789".repeat(10)), 50),
            delayed(new ErrorStreamMessage("more"), 60),
            delayed(new StatusStreamMessage(0), 70))
        .done()
        .once();

    ExecResult result =
        sandbox(settings)
            .exec(
                new ExecRequest(argv, ExecTarget.SANDBOX, Duration.ofSeconds(5), 25),
                ProgressListener.NONE);

    assertThat(result.stdout()).isEqualTo("0123456789012345678901234");
    assertThat(result.stderr()).isEmpty();
    assertThat(result.truncated()).isTrue();
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void aCommandThatCannotStartIsReportedAsSuchNotAsExitMinusOne() throws Exception {
    List<String> argv = List.of("nosuch-tool", "-x");
    Duration deadline = Duration.ofSeconds(5);
    String status =
        "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"OCI runtime exec failed: exec failed:"
            + " unable to start container process: exec: \\\"nosuch-tool\\\": executable file not found in $PATH: unknown\","
            + "\"reason\":\"InternalError\",\"code\":500}";
    byte[] json = status.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[json.length + 1];
    frame[0] = 3;
    System.arraycopy(json, 0, frame, 1, json.length);
    server
        .expect()
        .get()
        .withPath(execPath("sandbox", wrapped(argv, deadline)))
        .andUpgradeToWebSocket()
        .open(new WebSocketMessage(50L, frame, true, true))
        .done()
        .once();

    assertThatThrownBy(
            () ->
                sandbox(settings)
                    .exec(
                        new ExecRequest(argv, ExecTarget.SANDBOX, deadline, 65536),
                        ProgressListener.NONE))
        .isInstanceOf(SandboxExecException.class)
        .hasMessageContaining("could not start")
        .hasMessageContaining("executable file not found");
  }

  @Test
  void timeoutInThePodIsReportedAsTimedOut() throws Exception {
    List<String> argv = List.of("ping", "-c", "20", "10.0.0.1");
    Duration deadline = Duration.ofMillis(300);
    server
        .expect()
        .get()
        .withPath(execPath("sandbox", wrapped(argv, deadline)))
        .andUpgradeToWebSocket()
        .open(
            delayed(new OutputStreamMessage("64 bytes from 10.0.0.1\n"), 50),
            delayed(new StatusStreamMessage(DeadlineArgv.EXIT_TIMED_OUT), 400))
        .done()
        .once();

    ExecResult result =
        sandbox(settings)
            .exec(
                new ExecRequest(argv, ExecTarget.SANDBOX, deadline, 65536), ProgressListener.NONE);

    assertThat(result.timedOut()).isTrue();
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.stdout()).isEqualTo("64 bytes from 10.0.0.1\n");
  }

  @Test
  void gatewayDeadlineClosesAnExecThatNeverEnds() throws Exception {
    List<String> argv = List.of("tail", "-f", "/var/log/syslog");
    Duration deadline = Duration.ofMillis(300);
    server
        .expect()
        .get()
        .withPath(execPath("sandbox", wrapped(argv, deadline)))
        .andUpgradeToWebSocket()
        .open(
            delayed(new OutputStreamMessage("line 1\n"), 50),
            delayed(new StatusStreamMessage(0), 30_000))
        .done()
        .once();

    long start = System.nanoTime();
    ExecResult result =
        sandbox(settings)
            .exec(
                new ExecRequest(argv, ExecTarget.SANDBOX, deadline, 65536), ProgressListener.NONE);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(result.timedOut()).isTrue();
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.stdout()).isEqualTo("line 1\n");
    // deadline 300ms + kill grace 200ms + 1s backstop; far below the 30s the "process" would run
    assertThat(tookMs).isLessThan(10_000);
  }

  @Test
  void progressIsReportedWhileTheCommandRuns() throws Exception {
    List<String> argv = List.of("top", "-b", "-n", "2");
    server
        .expect()
        .get()
        .withPath(execPath("sandbox", wrapped(argv, Duration.ofSeconds(5))))
        .andUpgradeToWebSocket()
        .open(
            delayed(new OutputStreamMessage("iteration 1\n"), 50),
            delayed(new StatusStreamMessage(0), 700))
        .done()
        .once();
    List<long[]> reports = new CopyOnWriteArrayList<>();

    ExecResult result =
        sandbox(settings)
            .exec(
                new ExecRequest(argv, ExecTarget.SANDBOX, Duration.ofSeconds(5), 65536),
                (elapsedMs, outputBytes) -> reports.add(new long[] {elapsedMs, outputBytes}));

    assertThat(result.exitCode()).isZero();
    assertThat(reports).hasSizeGreaterThanOrEqualTo(2);
    assertThat(reports.get(reports.size() - 1)[1]).isEqualTo("iteration 1\n".length());
    assertThat(reports.get(reports.size() - 1)[0]).isGreaterThan(reports.get(0)[0]);
  }

  @Test
  void interruptingTheCallerCancelsTheExec() throws Exception {
    List<String> argv = List.of("tail", "-f", "/var/log/messages");
    server
        .expect()
        .get()
        .withPath(execPath("sandbox", wrapped(argv, Duration.ofSeconds(20))))
        .andUpgradeToWebSocket()
        .open(
            delayed(new OutputStreamMessage("x\n"), 50),
            delayed(new StatusStreamMessage(0), 30_000))
        .done()
        .once();
    KubernetesSandbox sandbox = sandbox(settings);
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    java.util.concurrent.CountDownLatch streaming = new java.util.concurrent.CountDownLatch(1);
    Thread caller =
        new Thread(
            () -> {
              try {
                sandbox.exec(
                    new ExecRequest(argv, ExecTarget.SANDBOX, Duration.ofSeconds(20), 65536),
                    outputArrived(streaming));
                outcome.complete(null);
              } catch (Throwable t) {
                outcome.complete(t);
              }
            });
    caller.start();
    assertThat(streaming.await(10, TimeUnit.SECONDS)).as("the command's first output").isTrue();
    caller.interrupt();

    assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
  }

  @Test
  void withoutTheTimeoutWrapperTheArgvGoesAsIs() throws Exception {
    List<String> argv = List.of("ps", "aux");
    server
        .expect()
        .get()
        .withPath(execPath("sandbox", argv))
        .andUpgradeToWebSocket()
        .open(
            delayed(new OutputStreamMessage("PID\n"), 50), delayed(new StatusStreamMessage(0), 60))
        .done()
        .once();

    ExecResult result =
        sandbox(settings.withWrapWithTimeout(false))
            .exec(
                new ExecRequest(argv, ExecTarget.SANDBOX, Duration.ofSeconds(5), 65536),
                ProgressListener.NONE);

    assertThat(result.stdout()).isEqualTo("PID\n");
  }

  @Test
  void execInAMissingPodFailsWithAClearMessage() {
    KubernetesSandbox gone =
        new KubernetesSandbox(client, settings, SESSION, "no-such-pod", activity);

    assertThatThrownBy(
            () ->
                gone.exec(
                    new ExecRequest(
                        List.of("ps", "aux"), ExecTarget.SANDBOX, Duration.ofSeconds(2), 100),
                    ProgressListener.NONE))
        .isInstanceOf(SandboxExecException.class)
        .hasMessageContaining("could not run the command in pod no-such-pod")
        .hasMessageContaining("open a new MCP session");
  }

  @Test
  void execInASandboxWhoseSessionHasEndedSaysItIsGoneAndStartsNothing() {
    client.resources(ItmcpSession.class).inNamespace(NAMESPACE).withName(SESSION).delete();
    client.pods().inNamespace(NAMESPACE).withName(POD).delete();
    KubernetesSandbox ended = sandbox(settings);

    assertThatThrownBy(
            () ->
                ended.exec(
                    new ExecRequest(
                        List.of("ps", "aux"), ExecTarget.SANDBOX, Duration.ofSeconds(2), 100),
                    ProgressListener.NONE))
        .isInstanceOf(SandboxGoneException.class)
        .hasMessageContaining("has ended")
        .hasMessageContaining("not started");
    assertThat(ended.ended()).isTrue();
  }

  @Test
  void aClosedSandboxRefusesToExec() {
    KubernetesSandbox sandbox = sandbox(settings);
    sandbox.close();

    assertThatThrownBy(
            () ->
                sandbox.exec(
                    new ExecRequest(List.of("ps"), ExecTarget.SANDBOX, Duration.ofSeconds(1), 100),
                    ProgressListener.NONE))
        .isInstanceOf(SandboxExecException.class)
        .hasMessageContaining("has been closed");
  }

  @Test
  void closingTheSandboxEndsARunningCommand() throws Exception {
    List<String> argv = List.of("tail", "-f", "/var/log/kern.log");
    server
        .expect()
        .get()
        .withPath(execPath("sandbox", wrapped(argv, Duration.ofSeconds(20))))
        .andUpgradeToWebSocket()
        .open(
            delayed(new OutputStreamMessage("x\n"), 50),
            delayed(new StatusStreamMessage(0), 30_000))
        .done()
        .once();
    KubernetesSandbox sandbox = sandbox(settings);
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    java.util.concurrent.CountDownLatch streaming = new java.util.concurrent.CountDownLatch(1);
    Thread caller =
        new Thread(
            () -> {
              try {
                sandbox.exec(
                    new ExecRequest(argv, ExecTarget.SANDBOX, Duration.ofSeconds(20), 65536),
                    outputArrived(streaming));
                outcome.complete(null);
              } catch (Throwable t) {
                outcome.complete(t);
              }
            });
    caller.start();
    assertThat(streaming.await(10, TimeUnit.SECONDS)).as("the command's first output").isTrue();
    sandbox.close();

    assertThat(outcome.get(5, TimeUnit.SECONDS))
        .isInstanceOf(SandboxExecException.class)
        .hasMessageContaining("the session ended while the command ran");
  }

  @Test
  void overlappingCallsOfOneSessionKeepTheirOwnOutput() throws Exception {
    List<String> first = List.of("dig", "+short", "a.example.org");
    List<String> second = List.of("dig", "+short", "b.example.org");
    server
        .expect()
        .get()
        .withPath(execPath("sandbox", wrapped(first, Duration.ofSeconds(5))))
        .andUpgradeToWebSocket()
        .open(
            delayed(new OutputStreamMessage("10.0.0.1\n"), 300),
            delayed(new StatusStreamMessage(0), 400))
        .done()
        .once();
    server
        .expect()
        .get()
        .withPath(execPath("sandbox", wrapped(second, Duration.ofSeconds(5))))
        .andUpgradeToWebSocket()
        .open(
            delayed(new OutputStreamMessage("10.0.0.2\n"), 50),
            delayed(new StatusStreamMessage(1), 60))
        .done()
        .once();
    KubernetesSandbox sandbox = sandbox(settings);

    java.util.concurrent.ExecutorService callers =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    CompletableFuture<ExecResult> a =
        CompletableFuture.supplyAsync(() -> run(sandbox, first), callers);
    CompletableFuture<ExecResult> b =
        CompletableFuture.supplyAsync(() -> run(sandbox, second), callers);
    callers.shutdown();

    assertThat(a.get(10, TimeUnit.SECONDS))
        .satisfies(
            r -> {
              assertThat(r.stdout()).isEqualTo("10.0.0.1\n");
              assertThat(r.exitCode()).isZero();
            });
    assertThat(b.get(10, TimeUnit.SECONDS))
        .satisfies(
            r -> {
              assertThat(r.stdout()).isEqualTo("10.0.0.2\n");
              assertThat(r.exitCode()).isEqualTo(1);
            });
  }

  private static ExecResult run(KubernetesSandbox sandbox, List<String> argv) {
    try {
      return sandbox.exec(
          new ExecRequest(argv, ExecTarget.SANDBOX, Duration.ofSeconds(5), 65536),
          ProgressListener.NONE);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void captureInAPodWithoutCaptureContainerFailsClearly() {
    client
        .resource(
            SessionStandIn.basePod(SESSION, "no-capture")
                .editSpec()
                .removeMatchingFromContainers(c -> c.getName().equals("capture"))
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build())
        .create();
    KubernetesSandbox sandbox =
        new KubernetesSandbox(client, settings, SESSION, "no-capture", activity);

    assertThatThrownBy(
            () ->
                sandbox.exec(
                    new ExecRequest(
                        List.of("tcpdump", "-i", "eth0"),
                        ExecTarget.CAPTURE,
                        Duration.ofSeconds(2),
                        100),
                    ProgressListener.NONE))
        .isInstanceOf(SandboxExecException.class)
        .hasMessageContaining("container capture");
  }

  @Test
  void interruptingWhileTheExecIsStillStartingCancelsToo() throws Exception {
    List<String> argv = List.of("ps", "aux");
    server
        .expect()
        .get()
        .withPath(execPath("sandbox", wrapped(argv, Duration.ofSeconds(20))))
        .andUpgradeToWebSocket()
        .open(
            delayed(new OutputStreamMessage("PID\n"), 50),
            delayed(new StatusStreamMessage(0), 30_000))
        .done()
        .once();
    // Opening the exec is slow (fabric8 waits for the pod and the upgrade, and may swallow an
    // interrupt meanwhile)
    // The start is held until the caller has been interrupted and has returned; then the exec opens
    // late.
    java.util.concurrent.CountDownLatch opening = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.Executor slowStart =
        task ->
            new Thread(
                    () -> {
                      opening.countDown();
                      try {
                        release.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      task.run();
                    })
                .start();
    KubernetesSandbox sandbox =
        new KubernetesSandbox(client, settings, SESSION, POD, activity, slowStart);
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                sandbox.exec(
                    new ExecRequest(argv, ExecTarget.SANDBOX, Duration.ofSeconds(20), 100),
                    ProgressListener.NONE);
                outcome.complete(null);
              } catch (Throwable t) {
                outcome.complete(t);
              }
            });
    caller.start();
    assertThat(opening.await(10, TimeUnit.SECONDS)).isTrue();
    caller.interrupt();

    try {
      assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    } finally {
      release.countDown();
    }
  }
}
