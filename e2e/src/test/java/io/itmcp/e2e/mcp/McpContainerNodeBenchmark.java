package io.itmcp.e2e.mcp;

import static io.itmcp.e2e.mcp.McpNodeStack.ALICE;
import static io.itmcp.e2e.mcp.McpNodeStack.ALICE_TOKEN;
import static io.itmcp.testkit.mcp.McpClients.call;
import static io.itmcp.testkit.mcp.McpClients.describe;
import static io.itmcp.testkit.mcp.McpClients.structured;

import com.fasterxml.jackson.databind.JsonNode;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.e2e.docker.CommandResult;
import io.itmcp.e2e.docker.Docker;
import io.itmcp.e2e.env.SandboxPodEnvironment;
import io.itmcp.gateway.tools.ToolCatalog;
import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.operator.reconcile.PodState;
import io.itmcp.operator.render.WarmPoolPodRenderer;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.testkit.mcp.McpClients;
import io.itmcp.testkit.mcp.ModernMcpClients;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Not a test: figures for the MCP layer on the container-backed node, measured in one run, with the
 * whole stack of {@link McpNodeStack} (mock API server, real operator, the node's containers and
 * iptables, the real gateway over Streamable HTTP).
 *
 * <ul>
 *   <li>first call of a session, with the pool drained (cold) and then with a warm pool sized for
 *       all the sessions: from the MCP client's {@code initialize} (the gateway opens the session)
 *       to the first successful ping_tool answer (ItmcpSession, operator reconcile, pod and
 *       NetworkPolicy, container start, iptables, pod exec, the answer back over HTTP); the same
 *       client again and a new warm client are also timed as clients of MCP 2026-07-28, which send
 *       no {@code initialize}: from building the client to its first call's answer;
 *   <li>one tool call round trip through MCP (client, HTTP, auth reviews, policy lookup, pod exec
 *       websocket, docker exec) against {@code docker exec} of the same execs in the same session
 *       container, interleaved in the same run (one exec per call; file tools run the in-sandbox
 *       reader with the tool on the opened file).
 * </ul>
 *
 * <pre>
 * ./mvnw -B -q -pl e2e -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp e2e/target/test-classes:$(cat e2e/target/cp.txt) io.itmcp.e2e.mcp.McpContainerNodeBenchmark [sessions] [calls] [calls]
 * </pre>
 *
 * <p>A third argument {@code calls} skips the pool phases: one new client, the same client again
 * {@code sessions} times, then the per-call comparison. Each call's time is split where it goes
 * (until its exec reached the node's stand-in, the stand-in's own {@code docker exec}, after it)
 * and the API requests it made are listed. The per-call comparison first runs {@code
 * -Dbench.warmup} calls of each kind (60 unless set), as the local bench profile does.
 */
public final class McpContainerNodeBenchmark {
  private McpContainerNodeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    // "calls": only a new client, the same client again and the per-call comparison (no pool)
    boolean callsOnly = args.length > 2 && args[2].equals("calls");
    try (McpNodeStack stack = new McpNodeStack("mcpbench");
        FirstCallTimeline timeline = new FirstCallTimeline(stack)) {
      McpContainerNodeBenchmark.timeline = timeline;
      // the default 60 calls per minute would throttle the measured calls, and each client name
      // holds a sandbox until it idles out: room for the cold and the warm clients at once
      String limits =
          "  limits: {callsPerMinute: 6000, maxSessionsPerUser: "
              + (4 * sessions + 1)
              + ", maxSessions: "
              + (4 * sessions + 1)
              + "}\n";
      stack.editPolicy(y -> y + limits);
      Map<String, Object> pingArgs = Map.of("target", stack.peers.sshIp, "count", 1);
      // A sandbox belongs to its caller (user, policy, client name): distinct client names each
      // start one (cold); the same name again reaches the running one (a second client, no pod
      // start).
      if (callsOnly) {
        // one new client, then the same client again: the per-call figures without the pool's
        List<Long> first = firstPings(stack, 1, pingArgs, "cold", true, true);
        List<Long> again = firstPings(stack, sessions, pingArgs, "cold", false, false);
        List<Long> modernAgain = modernFirstPings(stack, sessions, pingArgs, "cold", false);
        System.out.printf(
            "initialize -> first successful ping_tool answer:%n"
                + "  new client, no pool (pod start) %d ms%n"
                + "  same client again (its running sandbox, no pod start), %d clients median %d ms, p99 %d ms%n"
                + "  same, a 2026-07-28 client (no initialize: its first call) median %d ms, p99 %d ms%n",
            first.get(0),
            sessions,
            percentile(again, 50),
            percentile(again, 99),
            percentile(modernAgain, 50),
            percentile(modernAgain, 99));
        compareCalls(stack, calls);
        policyEditHeld(stack, limits);
        return;
      }
      List<Long> cold = firstPings(stack, sessions, pingArgs, "cold", true, true);
      List<Long> again = firstPings(stack, sessions, pingArgs, "cold", true, false);
      List<Long> modernAgain = modernFirstPings(stack, sessions, pingArgs, "cold", false);
      // The same, each new client claiming a ready pod of a warm pool sized for all of them: first
      // with the node starting pods on its informer thread as it first did (a claimed pod's relabel
      // waited for the refill pods' starts), then with pods started beside it.
      stack.editPolicy(y -> y + "    warmPool: {size: " + sessions + "}\n" + limits);
      stack.node.startPodsOnInformerThread(true);
      awaitPool(stack, sessions);
      List<Long> warmInline = firstPings(stack, sessions, pingArgs, "warm-inline", true, true);
      stack.node.startPodsOnInformerThread(false);
      awaitPool(stack, sessions);
      List<Long> warm = firstPings(stack, sessions, pingArgs, "warm", false, true);
      awaitPool(stack, sessions);
      List<Long> modernWarm = modernFirstPings(stack, sessions, pingArgs, "modern-warm", true);
      System.out.printf(
          "initialize -> first successful ping_tool answer, %d clients one after another:%n"
              + "  new client, no pool (pod start) median %d ms, p99 %d ms%n"
              + "  same client again (its running sandbox, no pod start) median %d ms, p99 %d ms%n"
              + "  same, a 2026-07-28 client (no initialize: its first call) median %d ms, p99 %d ms%n"
              + "  new client, warm pool of %d, node starting refill pods on its informer thread (before) median %d ms, p99 %d ms%n"
              + "  new client, warm pool of %d, node starting pods beside its informer (after) median %d ms, p99 %d ms%n"
              + "  same, a 2026-07-28 client (no initialize: its first call) median %d ms, p99 %d ms%n",
          sessions,
          percentile(cold, 50),
          percentile(cold, 99),
          percentile(again, 50),
          percentile(again, 99),
          percentile(modernAgain, 50),
          percentile(modernAgain, 99),
          sessions,
          percentile(warmInline, 50),
          percentile(warmInline, 99),
          sessions,
          percentile(warm, 50),
          percentile(warm, 99),
          percentile(modernWarm, 50),
          percentile(modernWarm, 99));
      compareCalls(stack, calls);
    } finally {
      // Everything is closed; the MCP SDK's server transport leaves a non-daemon session sweeper
      // thread running after the gateway closes (see the report), which would keep this JVM alive.
      System.exit(0);
    }
  }

  /**
   * From the API server's answer to a policy update until the gateway holds it (its watch delivered
   * it: the next call uses it), 20 edits.
   */
  private static void policyEditHeld(McpNodeStack stack, String limits) {
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      micros.add(stack.editPolicy(y -> y + limits) / 1_000);
    }
    System.out.printf(
        "policy edit stored -> held by the gateway (its watch delivered it), 20 edits:"
            + " median %.1f ms, max %.1f ms%n",
        percentile(micros, 50) / 1000.0, Collections.max(micros) / 1000.0);
  }

  /** One call through MCP against docker exec of its argv, interleaved, for ping and cat. */
  private static void compareCalls(McpNodeStack stack, int calls)
      throws IOException, InterruptedException {
    McpSyncClient last = lastClient;

    ItmcpSession session = stack.sessionsOf(ALICE).stream().reduce((a, b) -> b).orElseThrow();
    String container = stack.sandboxContainerOf(session);
    EffectivePolicy policy =
        EffectivePolicy.compile(
            stack
                .client
                .resources(ItmcpPolicy.class)
                .inNamespace(McpNodeStack.NS)
                .withName(McpNodeStack.POLICY)
                .get());
    compare(
        stack,
        last,
        container,
        policy,
        ToolName.PING,
        "ping_tool",
        Map.of("target", stack.peers.sshIp, "count", 1),
        calls);
    compare(
        stack,
        last,
        container,
        policy,
        ToolName.CAT,
        "cat_tool",
        Map.of("file_path", SandboxPodEnvironment.FILES_DIR + "/app.log"),
        calls);
    last.closeGracefully();
  }

  private static final int WARMUP_CALLS = Integer.getInteger("bench.warmup", 60);

  private static McpSyncClient lastClient;
  private static String lastClientName;
  private static FirstCallTimeline timeline;

  /**
   * Each session from initialize to its first successful ping, named {@code prefix-i} (distinct
   * names: a sandbox each) or all named {@code prefix-0}; all closed but the last unless {@code
   * closeAll}.
   */
  private static List<Long> firstPings(
      McpNodeStack stack,
      int sessions,
      Map<String, Object> pingArgs,
      String prefix,
      boolean closeAll,
      boolean distinctClients) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      long t0 = System.nanoTime();
      McpSyncClient client =
          McpSessions.connect(
              stack.baseUrl(), ALICE_TOKEN, prefix + "-" + (distinctClients ? i : 0));
      client.initialize();
      List<String> clientSteps = new ArrayList<>();
      clientSteps.add(
          String.format(
              "%+6d ms client: initialize answered", (System.nanoTime() - t0) / 1_000_000));
      pingUntilItSucceeds(
          t0,
          clientSteps,
          () -> {
            CallToolResult r = call(client, "ping_tool", pingArgs);
            return succeeded(r)
                ? null
                : "failed, exit "
                    + structured(r).get("exitCode")
                    + (Boolean.TRUE.equals(r.isError())
                        ? " " + McpClients.text(r).lines().findFirst().orElse("")
                        : "");
          });
      long t1 = System.nanoTime();
      long took = (t1 - t0) / 1_000_000;
      times.add(took);
      List<String> requests = requestsBetween(stack, t0, t1);
      clientSteps.add("API requests from initialize to the answer: " + requests.size());
      if (requests.size() <= 60) {
        clientSteps.addAll(requests);
      }
      String session = timeline.sessionStartedAfter(t0).orElse(null);
      System.out.printf(
          "%s client %d: %d ms, session %s%n%s%n    %s%n",
          prefix,
          i,
          took,
          session,
          session == null
              ? "    (no new session: its sandbox was running)"
              : timeline.describe(session, t0),
          String.join("\n    ", clientSteps));
      if (closeAll || i < sessions - 1) {
        client.closeGracefully();
      } else {
        lastClient = client;
        lastClientName = prefix + "-" + (distinctClients ? i : 0);
      }
    }
    return times;
  }

  /**
   * As {@link #firstPings} for a client of MCP 2026-07-28, which sends no {@code initialize}: from
   * building the client to its first successful ping, under {@code prefix-i} (distinct names: a
   * sandbox each) or {@code prefix-0}.
   */
  private static List<Long> modernFirstPings(
      McpNodeStack stack,
      int sessions,
      Map<String, Object> pingArgs,
      String prefix,
      boolean distinctClients) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      long t0 = System.nanoTime();
      io.modelcontextprotocol.modern.client.McpSyncClient client =
          ModernMcpClients.http(
              stack.baseUrl() + "/mcp",
              ALICE_TOKEN,
              prefix + "-" + (distinctClients ? i : 0),
              "1.0.0",
              Duration.ofSeconds(90));
      List<String> clientSteps = new ArrayList<>();
      pingUntilItSucceeds(
          t0,
          clientSteps,
          () -> {
            io.modelcontextprotocol.modern.McpSchema.CallToolResult r =
                client.tool("ping_tool").arguments(pingArgs).call();
            boolean ok =
                !Boolean.TRUE.equals(r.isError())
                    && r.structuredContent() instanceof Map<?, ?> s
                    && Integer.valueOf(0).equals(s.get("exitCode"));
            return ok ? null : "failed: " + r.content();
          });
      long t1 = System.nanoTime();
      times.add((t1 - t0) / 1_000_000);
      List<String> requests = requestsBetween(stack, t0, t1);
      String session = timeline.sessionStartedAfter(t0).orElse(null);
      System.out.printf(
          "%s client %d (2026-07-28): %d ms, session %s%n%s%n    %s%n    API requests: %d%n    %s%n",
          prefix,
          i,
          (t1 - t0) / 1_000_000,
          session,
          session == null
              ? "    (no new session: its sandbox was running)"
              : timeline.describe(session, t0),
          String.join("\n    ", clientSteps),
          requests.size(),
          String.join("\n    ", requests.size() <= 60 ? requests : List.of()));
    }
    return times;
  }

  /**
   * Pings until one succeeds: a call made while the sandbox starts is answered "not ready yet" and
   * the client tries again. Each try is noted in {@code steps}; {@code ping} gives null when the
   * ping succeeded, else what failed. The first ping goes out at once.
   */
  private static void pingUntilItSucceeds(
      long t0, List<String> steps, java.util.function.Supplier<String> ping) {
    org.awaitility.Awaitility.await("the first successful ping")
        .atMost(java.time.Duration.ofMinutes(5))
        .pollInterval(java.time.Duration.ofMillis(20))
        .pollDelay(java.time.Duration.ZERO)
        .until(
            () -> {
              long sent = System.nanoTime();
              String failure = ping.get();
              steps.add(
                  String.format(
                      "%+6d ms client: ping_tool sent, answered %+d ms: %s",
                      (sent - t0) / 1_000_000,
                      (System.nanoTime() - t0) / 1_000_000,
                      failure == null ? "ok" : failure));
              return failure == null;
            });
  }

  /** The API requests between two instants, each as its offset from the first, method and path. */
  private static List<String> requestsBetween(McpNodeStack stack, long t0, long t1) {
    return stack.requests.between(t0, t1).stream()
        .map(
            r ->
                String.format(
                    "%+d ms %s %s", (r.nanos() - t0) / 1_000_000, r.method(), r.shortPath()))
        .toList();
  }

  private static void awaitPool(McpNodeStack stack, int size) {
    long fillStart = System.nanoTime();
    org.awaitility.Awaitility.await("a warm pool of " + size + " ready pods")
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> readyPoolPods(stack) >= size);
    System.out.printf(
        "warm pool of %d ready in %d ms%n", size, (System.nanoTime() - fillStart) / 1_000_000);
  }

  private static long readyPoolPods(McpNodeStack stack) {
    return stack
        .client
        .pods()
        .inNamespace(McpNodeStack.NS)
        .withLabel(WarmPoolPodRenderer.POOL_LABEL, McpNodeStack.POLICY)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> PodState.of(p).ready())
        .count();
  }

  private static boolean succeeded(CallToolResult r) {
    return !Boolean.TRUE.equals(r.isError())
        && Integer.valueOf(0).equals(structured(r).get("exitCode"));
  }

  private static void compare(
      McpNodeStack stack,
      McpSyncClient client,
      String container,
      EffectivePolicy policy,
      ToolName tool,
      String toolName,
      Map<String, Object> args,
      int calls)
      throws IOException, InterruptedException {
    ToolDefinition definition =
        ToolCatalog.all().stream().filter(t -> t.name() == tool).findFirst().orElseThrow();
    ToolPlan plan = definition.plan(args, policy);
    // the exec the gateway runs for this call: one per call, file tools included (the in-sandbox
    // reader)
    List<List<String>> execs = new ArrayList<>();
    execs.add(plan.argv());
    // the same caller's calls posted with no MCP library (a 2026-07-28 request each): the
    // gateway's own share, without the SDK client's in this JVM
    RawModernCall raw = new RawModernCall(stack.baseUrl() + "/mcp", ALICE_TOKEN, lastClientName);
    // a gateway serves calls for hours: time its calls once its code is compiled, as the local
    // bench profile does (bench.warmup calls of each kind first, 60 unless set)
    for (int i = 0; i < WARMUP_CALLS; i++) {
      call(client, toolName, args);
      rawCall(raw, toolName, args);
      dockerExec(container, execs);
    }
    List<Long> viaRaw = new ArrayList<>();
    List<Long> rawGatewayShare = new ArrayList<>();
    List<Long> viaMcp = new ArrayList<>();
    List<Long> direct = new ArrayList<>();
    // where each MCP call's time goes: until its exec reached the node's stand-in, the stand-in's
    // own docker exec process, and from that process's end to the answer at the client
    List<Long> untilExec = new ArrayList<>();
    List<Long> upgradeAndSpawn = new ArrayList<>();
    List<Long> standIn = new ArrayList<>();
    List<Long> afterExec = new ArrayList<>();
    List<Long> apiRequests = new ArrayList<>();
    List<RequestLog.Request> lastCallRequests = List.of();
    long lastCallStart = 0;
    java.util.concurrent.atomic.AtomicReference<long[]> exec =
        new java.util.concurrent.atomic.AtomicReference<>();
    stack.execDispatcher.observe(
        (pod, arrived, started, ended) -> exec.set(new long[] {arrived, started, ended}));
    for (int i = 0; i < calls; i++) {
      exec.set(null);
      long t0 = System.nanoTime();
      CallToolResult r = call(client, toolName, args);
      long t1 = System.nanoTime();
      viaMcp.add((t1 - t0) / 1_000_000);
      if (!succeeded(r)) {
        throw new IllegalStateException(describe(toolName, r));
      }
      long[] e = exec.get();
      if (e != null) {
        untilExec.add((e[0] - t0) / 1_000_000);
        upgradeAndSpawn.add((e[1] - e[0]) / 1_000_000);
        standIn.add((e[2] - e[1]) / 1_000_000);
        afterExec.add((t1 - e[2]) / 1_000_000);
      }
      lastCallRequests = stack.requests.between(t0, t1);
      lastCallStart = t0;
      apiRequests.add((long) lastCallRequests.size());
      exec.set(null);
      t0 = System.nanoTime();
      rawCall(raw, toolName, args);
      t1 = System.nanoTime();
      viaRaw.add((t1 - t0) / 1_000_000);
      e = exec.get();
      if (e != null) {
        rawGatewayShare.add((e[0] - t0 + t1 - e[2]) / 1_000_000);
      }
      t0 = System.nanoTime();
      dockerExec(container, execs);
      direct.add((System.nanoTime() - t0) / 1_000_000);
    }
    System.out.printf(
        "%s %s, %d calls after %d warm-up: through MCP median %d ms p99 %d ms; docker exec of %s"
            + " median %d ms p99 %d ms; ratio of medians %.2f%n",
        toolName,
        args,
        calls,
        WARMUP_CALLS,
        percentile(viaMcp, 50),
        percentile(viaMcp, 99),
        String.join(" then ", execs.stream().map(Object::toString).toList()),
        percentile(direct, 50),
        percentile(direct, 99),
        (double) percentile(viaMcp, 50) / percentile(direct, 50));
    System.out.printf(
        "  the same calls posted as 2026-07-28 requests, no MCP library: median %d ms p99 %d ms;"
            + " ratio of medians %.2f; the gateway's share (call sent -> exec at the node + its end"
            + " -> answer) median %d ms%n",
        percentile(viaRaw, 50),
        percentile(viaRaw, 99),
        (double) percentile(viaRaw, 50) / percentile(direct, 50),
        percentile(rawGatewayShare, 50));
    stack.execDispatcher.observe((pod, arrived, started, ended) -> {});
    System.out.printf(
        "  %s through MCP, medians: call sent -> exec at the node %d ms; the node's websocket upgrade"
            + " until it spawns docker exec %d ms; the node's docker exec %d ms; its end -> answer at the client %d ms; API server requests during a call %d (each call: %s)%n"
            + "  the last call's API requests (offset from the call sent):%n",
        toolName,
        percentile(untilExec, 50),
        percentile(upgradeAndSpawn, 50),
        percentile(standIn, 50),
        percentile(afterExec, 50),
        percentile(apiRequests, 50),
        apiRequests);
    for (RequestLog.Request request : lastCallRequests) {
      System.out.printf(
          "    %+5d ms %s %s%n",
          (request.nanos() - lastCallStart) / 1_000_000, request.method(), request.shortPath());
    }
  }

  private static void rawCall(RawModernCall raw, String toolName, Map<String, Object> args)
      throws IOException, InterruptedException {
    JsonNode result = raw.call(toolName, args);
    if (result.path("isError").asBoolean(false)
        || result.at("/structuredContent/exitCode").asInt(-1) != 0) {
      throw new IllegalStateException(toolName + " posted raw: " + result);
    }
  }

  private static void dockerExec(String container, List<List<String>> execs) {
    for (List<String> argv : execs) {
      List<String> dockerArgv = new ArrayList<>(List.of("exec", container));
      dockerArgv.addAll(argv);
      CommandResult d = Docker.docker(dockerArgv, Duration.ofSeconds(10));
      if (!d.ok()) {
        throw new IllegalStateException(d.describe());
      }
    }
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
