package io.itmcp.gateway.server;

import io.itmcp.gateway.approval.ApprovalOutcome;
import io.itmcp.gateway.approval.ApprovalRequest;
import io.itmcp.gateway.approval.Approver;
import io.itmcp.gateway.approval.LegacyElicitationApprover;
import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.audit.AuditEvent.Approval;
import io.itmcp.gateway.audit.AuditEvent.Decision;
import io.itmcp.gateway.audit.AuditSink;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.observe.CallStep;
import io.itmcp.gateway.observe.Observability;
import io.itmcp.gateway.observe.RefusalRule;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.SandboxExecException;
import io.itmcp.gateway.runtime.SandboxGoneException;
import io.itmcp.gateway.runtime.SandboxOwner;
import io.itmcp.gateway.runtime.SandboxStartException;
import io.itmcp.gateway.session.CallerKey;
import io.itmcp.gateway.session.CallerSandboxes;
import io.itmcp.gateway.session.GatewaySession;
import io.itmcp.gateway.session.SessionRefusedException;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.tools.ToolArgumentException;
import io.itmcp.gateway.tools.ToolCallRunner;
import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.Limits;
import io.itmcp.policy.PolicyRefusedException;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tool call, end to end: who is calling, the rate limit of the user under the policy, the
 * tool's plan (which refuses before anything runs), a person's approval where the policy asks for
 * it (through the client; refused unless approved), the run in the caller's sandbox with deadline
 * and output cap, the output filter, the result, and its audit: one record for a call refused
 * before anything ran; for any other an intent (forced to disk before the sandbox or process
 * starts) and a completion, paired by callId.
 */
public final class ToolCallHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ToolCallHandler.class);

  private final SessionRegistry sessions;
  private final AuditSink audit;
  private final InFlightCalls inFlight;
  private final Identity transportlessIdentity;
  private final Clock clock;
  private Observability observability = Observability.gatewayOnly();

  /**
   * @param transportlessIdentity the caller when the transport carries no identity (stdio: the
   *     local OS user); null where every call must carry one (HTTP)
   */
  public ToolCallHandler(
      SessionRegistry sessions,
      AuditSink audit,
      InFlightCalls inFlight,
      Identity transportlessIdentity,
      Clock clock) {
    this.sessions = sessions;
    this.audit = audit;
    this.inFlight = inFlight;
    this.transportlessIdentity = transportlessIdentity;
    this.clock = clock;
  }

  /**
   * Measures and traces calls with these meters and this tracer (a gateway serving /metrics passes
   * its own).
   */
  public ToolCallHandler observedBy(Observability observability) {
    this.observability = observability;
    return this;
  }

  public Observability observability() {
    return observability;
  }

  /**
   * The audit of what is refused before a tool handler runs, with this handler's sink, clock and
   * caller.
   */
  public ProtocolAudit protocolAudit(java.util.Collection<String> knownTools) {
    return new ProtocolAudit(audit, clock, knownTools, transportlessIdentity)
        .countingIn(observability.metrics());
  }

  /**
   * The context of one call as the SDK gives it, reduced to what the handler needs.
   *
   * @param sessionId the legacy MCP session; null for a modern request, which has none (the handler
   *     then finds the caller's session by user, policy and client name, {@link CallerKey})
   * @param exchange the legacy session's exchange; null in the modern era
   * @param clientName what the client calls itself: legacy from initialize (via the exchange),
   *     modern from {@code _meta} clientInfo of this request; may be null
   * @param progress where progress goes; null when the client asked for none
   * @param approver how to ask a person when the policy wants approval; null means through the
   *     legacy exchange's elicitation, or (without an exchange) that the client cannot be asked
   */
  public record CallContext(
      String sessionId,
      McpTransportContext transport,
      McpSyncServerExchange exchange,
      CallProtocol protocol,
      String clientName,
      String clientVersion,
      ProgressSink progress,
      Approver approver) {

    public CallContext(
        String sessionId,
        McpTransportContext transport,
        McpSyncServerExchange exchange,
        CallProtocol protocol,
        String clientName,
        String clientVersion,
        ProgressSink progress) {
      this(sessionId, transport, exchange, protocol, clientName, clientVersion, progress, null);
    }

    /** A legacy call; the protocol version is the one the transport recorded, if any. */
    public CallContext(
        String sessionId, McpTransportContext transport, McpSyncServerExchange exchange) {
      this(
          sessionId,
          transport,
          exchange,
          CallProtocol.legacy(GatewayContext.legacyProtocolVersion(transport)),
          exchange == null || exchange.getClientInfo() == null
              ? null
              : exchange.getClientInfo().name(),
          exchange == null || exchange.getClientInfo() == null
              ? null
              : exchange.getClientInfo().version(),
          null);
    }

    /**
     * A modern (2026-07-28) call: no session, the caller named by identity, policy and {@code
     * clientName}.
     */
    public static CallContext modern(
        McpTransportContext transport,
        String protocolVersion,
        String clientName,
        String clientVersion,
        ProgressSink progress) {
      return modern(transport, protocolVersion, clientName, clientVersion, progress, null);
    }

    /** A modern call that asks for approval with this approver (multi-round-trip). */
    public static CallContext modern(
        McpTransportContext transport,
        String protocolVersion,
        String clientName,
        String clientVersion,
        ProgressSink progress,
        Approver approver) {
      return new CallContext(
          null,
          transport,
          null,
          CallProtocol.modern(protocolVersion),
          clientName,
          clientVersion,
          progress,
          approver);
    }
  }

  /**
   * What a call answers: its result, or (modern era, approval asked) the SDK's input-required
   * response that carries the question.
   */
  public record Handled(CallToolResult result, Object inputRequired) {
    static Handled done(CallToolResult result) {
      return new Handled(result, null);
    }
  }

  public CallToolResult handle(
      ToolDefinition tool, McpSyncServerExchange exchange, CallToolRequest request) {
    CallContext ctx = new CallContext(exchange.sessionId(), exchange.transportContext(), exchange);
    String stamped = stampedProtocolVersion(request);
    if (stamped != null) {
      ctx =
          new CallContext(
              ctx.sessionId(),
              ctx.transport(),
              exchange,
              CallProtocol.legacy(stamped),
              ctx.clientName(),
              ctx.clientVersion(),
              null);
    }
    return handle(tool, ctx, request);
  }

  public CallToolResult handle(ToolDefinition tool, CallContext ctx, CallToolRequest request) {
    Handled handled = handleCall(tool, ctx, request);
    if (handled.result() == null) {
      throw new IllegalStateException("an input-required answer where the era has none");
    }
    return handled.result();
  }

  /**
   * As {@link #handle(ToolDefinition, CallContext, CallToolRequest)}, where the answer may be a
   * question.
   */
  public Handled handleCall(ToolDefinition tool, CallContext ctx, CallToolRequest request) {
    try (InFlightCalls.Unfinished unfinished = inFlight.begin();
        Observability.ToolCall traced =
            observability.toolCall(
                tool.name().mcpName(), request.meta(), GatewayContext.trace(ctx.transport()))) {
      return handle(tool, ctx, request, traced);
    }
  }

  /** The clock the handler reads (audit times, approval deadlines). */
  public Clock clock() {
    return clock;
  }

  private Handled handle(
      ToolDefinition tool,
      CallContext ctx,
      CallToolRequest request,
      Observability.ToolCall traced) {
    Instant time = clock.instant();
    long t0 = System.nanoTime();
    String toolName = tool.name().mcpName();
    Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
    Identity identity = GatewayContext.identity(ctx.transport()).orElse(transportlessIdentity);
    String sessionId = ctx.sessionId();
    EffectivePolicy requestPolicy = null;
    if (sessionId == null && identity != null) {
      try {
        requestPolicy =
            GatewayContext.policy(ctx.transport())
                .map(java.util.function.Supplier::get)
                .orElseGet(sessions::livePolicy);
        sessionId =
            CallerKey.of(identity.user(), requestPolicy.name(), ctx.clientName()).sessionId();
      } catch (RuntimeException e) {
        return Handled.done(
            new Call(time, t0, identity, null, toolName, args, ctx.protocol(), traced)
                .denied(List.of(), RefusalRule.SESSION, message(e)));
      }
    }
    Call call = new Call(time, t0, identity, sessionId, toolName, args, ctx.protocol(), traced);
    if (identity == null) {
      return Handled.done(
          call.denied(
              List.of(),
              RefusalRule.IDENTITY,
              "refused: the request carries no authenticated identity"));
    }
    GatewaySession session;
    EffectivePolicy policy;
    try {
      session =
          requestPolicy == null
              ? sessions.sessionFor(sessionId, identity)
              : sessions.callerSession(sessionId, identity, requestPolicy);
      // looked up on every call in the cluster runtime: an edit of the session's policy holds
      // from the first call after the gateway's watch delivered it (live reads while it cannot)
      policy = sessions.currentPolicy(session, GatewayContext.policy(ctx.transport()).orElse(null));
    } catch (SessionRefusedException e) {
      return Handled.done(
          call.denied(List.of(), RefusalRule.SESSION, "refused: " + e.getMessage()));
    } catch (RuntimeException e) {
      return Handled.done(call.denied(List.of(), RefusalRule.SESSION, message(e)));
    }
    Limits limits = policy.limits();
    if (ctx.clientName() != null || ctx.clientVersion() != null) {
      session.clientInfo(ctx.clientName(), ctx.clientVersion());
    }
    SandboxOwner owner = CallerSandboxes.ownerOf(session, policy);
    call.sandbox = sessions.sandboxes().nameOf(owner, policy);
    long retryMs =
        sessions
            .rateLimits()
            .tryAcquire(identity.user(), policy.name(), limits.callsPerMinute(), sessions.now());
    if (retryMs > 0) {
      observability.metrics().rateLimited();
      return Handled.done(
          call.denied(
              List.of(),
              RefusalRule.RATE_LIMIT,
              "refused: rate limit reached: user '"
                  + identity.user()
                  + "' may make "
                  + limits.callsPerMinute()
                  + " tool calls per minute under policy '"
                  + policy.name()
                  + "' (limits.callsPerMinute, counted across all MCP sessions of the user); retry in "
                  + Math.max(1, (retryMs + 999) / 1000)
                  + "s"));
    }
    ToolPlan plan;
    try (Observability.Step check = observability.step(CallStep.POLICY_CHECK)) {
      if (!policy.tools().contains(tool.name())) {
        check.failed("tools");
        return Handled.done(
            call.denied(
                List.of(),
                "tools",
                "refused: "
                    + toolName
                    + " is not enabled by policy '"
                    + policy.name()
                    + "' (rule tools); enabled: "
                    + policy.tools()));
      }
      plan = tool.plan(args, policy);
    } catch (PolicyRefusedException | ToolArgumentException e) {
      return Handled.done(call.denied(List.of(), ruleOf(e), message(e)));
    } catch (RuntimeException e) {
      return Handled.done(call.failed(List.of(), e, "the arguments could not be checked"));
    }
    Optional<String> approvalRule =
        policy
            .approval()
            .requiredBy(
                tool.name(), args.get("command") instanceof String command ? command : null);
    if (approvalRule.isPresent()) {
      Handled unapproved =
          approve(
              call,
              ctx,
              request,
              new ApprovalRequest(
                  toolName,
                  plan.argv(),
                  plan.auditTarget(),
                  args,
                  policy.name(),
                  identity.user(),
                  approvalRule.get(),
                  policy.approval().timeout()),
              sessionId);
      if (unapproved != null) {
        return unapproved;
      }
    }
    // durable before anything starts: if the gateway dies during the call, the log still shows it
    call.intent(plan.argv());
    session.callStarted(sessions.now());
    try {
      Sandbox sandbox;
      try (Observability.Step ignored = observability.step(CallStep.SANDBOX_WAIT)) {
        // the caller's sandbox (any replica finds the same one); opened or reopened at the first
        // command
        sandbox = sessions.sandboxes().sandboxFor(owner, policy);
      }
      Duration deadline = plan.effectiveTimeout(limits.toolTimeout());
      ProgressSink sink =
          ctx.progress() != null
              ? ctx.progress()
              : ProgressSink.legacy(ctx.exchange(), progressToken(request));
      ProgressListener progress =
          ProgressReporter.forCall(sink, plan.longRunning(), deadline.toMillis());
      ToolCallRunner.Outcome outcome;
      call.registration = inFlight.register(sessionId, requestId(request));
      try (InFlightCalls.Handle ignored = call.registration;
          Observability.Step exec = observability.step(CallStep.EXEC)) {
        // a further command of the call (a redirect hop) is written as an intent before it runs,
        // like the first
        outcome =
            ToolCallRunner.run(
                sandbox, tool, plan, policy, progress, next -> call.intent(next.argv()));
      }
      ExecResult result = outcome.result();
      call.ran(outcome.plan().argv(), result, outcome.deadlineWasError());
      return Handled.done(
          ToolResults.ran(
              result,
              outcome.structured(),
              outcome.deadlineWasError(),
              tool.failureToRun(result),
              limits.maxOutputBytes(),
              deadline.toSeconds()));
    } catch (InterruptedException e) {
      Thread.interrupted();
      return Handled.done(call.cancelled(plan.argv()));
    } catch (SessionRefusedException e) {
      return Handled.done(
          call.denied(plan.argv(), RefusalRule.SESSION, "refused: " + e.getMessage()));
    } catch (PolicyRefusedException | ToolArgumentException e) {
      // the runtime re-checks paths inside the sandbox right before reading
      return Handled.done(call.denied(plan.argv(), ruleOf(e), message(e)));
    } catch (SandboxStartException e) {
      observability.metrics().sandboxStartFailed(e.failure());
      return Handled.done(call.failedVisibly(plan.argv(), RefusalRule.SANDBOX_START, e));
    } catch (SandboxExecException | SandboxGoneException e) {
      // written for the caller: which failure (quota, image pull, unschedulable, exec) and what to
      // do
      return Handled.done(call.failedVisibly(plan.argv(), RefusalRule.EXEC, e));
    } catch (RuntimeException e) {
      return Handled.done(call.failed(plan.argv(), e, "the command could not be run"));
    } finally {
      session.callEnded(sessions.now());
    }
  }

  /**
   * Asks a person whether the call may run: null when approved (the call goes on), otherwise what
   * the call answers now (a refusal, or in the modern era the question).
   */
  private Handled approve(
      Call call,
      CallContext ctx,
      CallToolRequest request,
      ApprovalRequest question,
      String sessionId) {
    Approver approver =
        ctx.approver() != null
            ? ctx.approver()
            : ctx.exchange() != null
                ? new LegacyElicitationApprover(ctx.exchange(), clock)
                : Approver.CANNOT_ASK;
    ApprovalOutcome outcome;
    try (InFlightCalls.Handle ignored = inFlight.register(sessionId, requestId(request))) {
      outcome = approver.decide(question);
    } catch (InterruptedException e) {
      Thread.interrupted();
      call.approval = Approval.CANCELLED;
      return Handled.done(
          call.cancelled(
              question.argv(),
              "cancelled by the client while a person was asked for" + " approval; nothing ran"));
    }
    if (approver.askId() != null) {
      call.callId = approver.askId();
    }
    if (outcome instanceof ApprovalOutcome.Pending pending) {
      call.approval = Approval.ASKED;
      call.asked(question);
      return new Handled(null, pending.response());
    }
    if (outcome instanceof ApprovalOutcome.Refused refused) {
      call.approval = refused.answer();
      return Handled.done(call.denied(question.argv(), RefusalRule.APPROVAL, refused.reason()));
    }
    call.approval = Approval.APPROVED;
    return null;
  }

  private static String message(RuntimeException e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = "the arguments were refused";
    }
    return m.startsWith("refused") ? m : "refused: " + m;
  }

  private static String ruleOf(RuntimeException e) {
    return e instanceof PolicyRefusedException p && p.refusal() != null
        ? p.refusal().rule()
        : RefusalRule.ARGUMENTS;
  }

  private static Object progressToken(CallToolRequest request) {
    Map<String, Object> meta = request.meta();
    return meta == null ? null : meta.get("progressToken");
  }

  private static String stampedProtocolVersion(CallToolRequest request) {
    Map<String, Object> meta = request.meta();
    return meta == null || !(meta.get(RequestIds.PROTOCOL_VERSION_META_KEY) instanceof String s)
        ? null
        : s;
  }

  private static String requestId(CallToolRequest request) {
    Map<String, Object> meta = request.meta();
    return meta == null || !(meta.get(RequestIds.META_KEY) instanceof String s) ? null : s;
  }

  /** Collects what the audit records need: one refusal, or an intent and then one completion. */
  private final class Call {
    private final Instant time;
    private final long t0;
    private final Identity identity;
    private final String sessionId;
    private final String tool;
    private final Map<String, Object> args;
    private final CallProtocol protocol;

    /** A retry that answers a question asked earlier (modern era) takes that question's id. */
    String callId = UUID.randomUUID().toString();

    /** Whether a person's approval was asked and the answer; null when the policy asks for none. */
    String approval;

    private boolean intentWritten;
    private final Observability.ToolCall traced;
    private String rule = RefusalRule.NONE;

    /** The sandbox the call runs in, once the policy is known. */
    String sandbox;

    /** The call's registration while its process runs, which knows why it was cancelled. */
    InFlightCalls.Handle registration;

    Call(
        Instant time,
        long t0,
        Identity identity,
        String sessionId,
        String tool,
        Map<String, Object> args,
        CallProtocol protocol,
        Observability.ToolCall traced) {
      this.protocol = protocol;
      this.traced = traced;
      this.time = time;
      this.t0 = t0;
      this.identity = identity;
      this.sessionId = sessionId;
      this.tool = tool;
      this.args = args;
    }

    void intent(List<String> argv) {
      write(AuditEvent.Phase.INTENT, argv, Decision.ALLOWED, null, null, 0, false);
      intentWritten = true;
    }

    CallToolResult denied(List<String> argv, String rule, String reason) {
      this.rule = rule;
      write(argv, Decision.DENIED, reason, null, 0);
      return ToolResults.error(reason);
    }

    CallToolResult cancelled(List<String> argv) {
      String why =
          registration == null ? InFlightCalls.CANCELLED_BY_CLIENT : registration.cancelReason();
      return cancelled(argv, why + "; the process tree was killed");
    }

    CallToolResult cancelled(List<String> argv, String reason) {
      rule = RefusalRule.CANCELLED;
      write(argv, Decision.FAILED, reason, intentWritten ? -1 : null, 0);
      return ToolResults.error(reason);
    }

    /**
     * The question went out in the response; the retry with the answer writes the call's other
     * records.
     */
    void asked(ApprovalRequest question) {
      write(
          AuditEvent.Phase.APPROVAL,
          question.argv(),
          Decision.ALLOWED,
          "waiting for a person's approval (rule "
              + question.rule()
              + "); asked through the client",
          null,
          0,
          false);
    }

    CallToolResult failed(List<String> argv, RuntimeException e, String what) {
      rule = RefusalRule.INTERNAL;
      String ref = UUID.randomUUID().toString().substring(0, 8);
      LOG.error(
          "{} failed for user {} (reference {})",
          tool,
          identity == null ? "?" : identity.user(),
          ref,
          e);
      String reason =
          "failed: "
              + what
              + " ("
              + e.getClass().getSimpleName()
              + "); the gateway log has details"
              + " under reference "
              + ref;
      write(argv, Decision.FAILED, reason, null, 0);
      return ToolResults.error(reason);
    }

    CallToolResult failedVisibly(List<String> argv, String rule, RuntimeException e) {
      this.rule = rule;
      LOG.warn(
          "{} failed for user {}: {}",
          tool,
          identity == null ? "?" : identity.user(),
          e.getMessage());
      // the audit reason leads with what failed (the Event keeps its first clause)
      write(argv, Decision.FAILED, e.getMessage(), null, 0);
      return ToolResults.error("failed: " + e.getMessage());
    }

    void ran(List<String> argv, ExecResult r, boolean deadlineWasError) {
      long bytes =
          r.stdout().getBytes(StandardCharsets.UTF_8).length
              + r.stderr().getBytes(StandardCharsets.UTF_8).length;
      String reason =
          deadlineWasError
              ? "killed at the deadline"
              : r.timedOut() ? "ended at its deadline" : null;
      write(
          AuditEvent.Phase.COMPLETION,
          argv,
          Decision.ALLOWED,
          reason,
          r.exitCode(),
          bytes,
          r.truncated());
    }

    private void write(
        List<String> argv, Decision decision, String reason, Integer exitCode, long outputBytes) {
      write(
          intentWritten ? AuditEvent.Phase.COMPLETION : AuditEvent.Phase.REFUSAL,
          argv,
          decision,
          reason,
          exitCode,
          outputBytes,
          false);
    }

    private void write(
        AuditEvent.Phase phase,
        List<String> argv,
        Decision decision,
        String reason,
        Integer exitCode,
        long outputBytes,
        boolean truncated) {
      long durationMs = (System.nanoTime() - t0) / 1_000_000;
      AuditEvent event =
          AuditEvent.builder()
              .time(time)
              .user(identity == null ? null : identity.user())
              .groups(identity == null ? List.of() : identity.groups())
              .session(sessionId)
              .tool(tool)
              .arguments(args)
              .argv(argv)
              .decision(decision)
              .reason(reason)
              .exitCode(exitCode)
              .durationMs(durationMs)
              .outputBytes(outputBytes)
              .phase(phase)
              .callId(callId)
              .truncated(truncated)
              .method(AuditEvent.TOOLS_CALL)
              .era(protocol.era().wire())
              .protocolVersion(protocol.version())
              .sandbox(sandbox)
              .traceId(traced.traceId())
              .approval(approval)
              .build();
      if (event.closesCall()) {
        traced.ended(tool, decision, rule, protocol.era().wire());
      }
      try {
        audit.record(event);
      } catch (RuntimeException e) {
        LOG.error("AUDIT RECORD LOST for {} by {}: {}", tool, event.user(), e.toString());
        throw e;
      }
    }
  }
}
