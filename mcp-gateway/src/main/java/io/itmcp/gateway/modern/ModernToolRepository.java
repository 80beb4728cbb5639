package io.itmcp.gateway.modern;

import io.itmcp.gateway.approval.MrtrApprover;
import io.itmcp.gateway.approval.UsedApprovals;
import io.itmcp.gateway.server.GatewayContext;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ProgressSink;
import io.itmcp.gateway.server.RequestIds;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.server.ToolCallHandler.CallContext;
import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.policy.EffectivePolicy;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpAsyncNotifier;
import io.modelcontextprotocol.modern.server.McpAsyncResponse;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.feature.McpAsyncTool;
import io.modelcontextprotocol.modern.server.feature.McpAsyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The gateway's tools for the modern SDK server: listed from the request's policy in catalog order,
 * each call handed to the same {@link io.itmcp.gateway.server.ToolCallHandler} the legacy era uses.
 * A call runs on a worker thread and streams its result, so progress goes out on the call's own
 * response stream and a client that cancels (stdio {@code notifications/cancelled}) or drops the
 * response stream (HTTP) interrupts it: the runtime then kills the process tree. A call the policy
 * marks for approval first answers with the question ({@link MrtrApprover}).
 */
final class ModernToolRepository implements McpAsyncToolRepository {

  /**
   * How long a client may reuse tools/list. Descriptions name what the caller's policy allows, so
   * the scope is private; a policy edit is announced on {@code subscriptions/listen} sooner.
   */
  static final Duration LIST_TTL = Duration.ofSeconds(60);

  private final McpServerFactory factory;
  private final InFlightCalls inFlight;
  private final McpJsonMapper json;

  /** Approvals spent by calls this server ran: one approval runs its call once. */
  private final UsedApprovals spentApprovals = new UsedApprovals();

  ModernToolRepository(McpServerFactory factory, InFlightCalls inFlight, McpJsonMapper json) {
    this.factory = factory;
    this.inFlight = inFlight;
    this.json = json;
  }

  @Override
  public Mono<ToolsPage> list(McpRequestContext ctx, String cursor) {
    return Mono.fromCallable(
        () -> {
          McpServerFactory described = describedFor(ctx);
          List<McpSchema.Tool> tools =
              described.enabledTools().stream()
                  .map(t -> ModernResults.tool(described.describe(t)))
                  .toList();
          return new ToolsPage(tools, null, LIST_TTL.toMillis(), McpSchema.CacheScope.PRIVATE);
        });
  }

  /**
   * Every catalog tool is found, enabled or not, so that a call to a disabled tool is refused by
   * the policy check and audited like any other refusal (as in the legacy era).
   */
  @Override
  public Mono<McpAsyncTool> find(McpRequestContext ctx, String name) {
    return Mono.fromCallable(
        () -> {
          Optional<ToolDefinition> tool =
              factory.catalog().stream().filter(t -> t.name().mcpName().equals(name)).findFirst();
          if (tool.isEmpty()) {
            return null;
          }
          McpSchema.Tool definition = ModernResults.tool(describedFor(ctx).describe(tool.get()));
          return McpAsyncTool.of(definition, (c, request) -> call(tool.get(), c, request));
        });
  }

  private Mono<McpAsyncResponse<McpSchema.CallToolOutcome>> call(
      ToolDefinition tool, McpRequestContext ctx, McpSchema.CallToolRequest request) {
    return Mono.just(McpAsyncResponse.streaming(notifier -> run(tool, ctx, request, notifier)));
  }

  private Mono<McpSchema.CallToolOutcome> run(
      ToolDefinition tool,
      McpRequestContext ctx,
      McpSchema.CallToolRequest request,
      McpAsyncNotifier notifier) {
    // the handler registers the running thread under this key; cancelling the stream interrupts it
    String cancelKey = "modern:" + UUID.randomUUID();
    return Mono.<McpSchema.CallToolOutcome>fromCallable(
            () -> {
              Map<String, Object> meta = new HashMap<>();
              meta.put(RequestIds.META_KEY, cancelKey);
              CallToolRequest legacyShaped =
                  CallToolRequest.builder()
                      .name(request.name())
                      .arguments(request.arguments() == null ? Map.of() : request.arguments())
                      .meta(meta)
                      .build();
              ProgressSink progress =
                  ctx.progressToken() == null
                      ? null
                      : (value, total, message) ->
                          notifier.progress(value, total, message).subscribe();
              McpSchema.Implementation client = ctx.clientInfo();
              MrtrApprover approver =
                  new MrtrApprover(ctx, request, json, factory.handler().clock(), spentApprovals);
              CallContext call =
                  CallContext.modern(
                      ctx.transportContext(),
                      ctx.protocolVersion(),
                      client == null ? null : client.name(),
                      client == null ? null : client.version(),
                      progress,
                      approver);
              ToolCallHandler.Handled handled =
                  factory.handler().handleCall(tool, call, legacyShaped);
              if (handled.inputRequired() instanceof McpSchema.InputRequiredResult question) {
                return question;
              }
              return ModernResults.result(handled.result());
            })
        .subscribeOn(Schedulers.boundedElastic())
        .doOnCancel(() -> inFlight.cancel(null, cancelKey));
  }

  private McpServerFactory describedFor(McpRequestContext ctx) {
    Optional<Supplier<EffectivePolicy>> live = GatewayContext.policy(ctx.transportContext());
    return live.map(p -> factory.forPolicy(p.get())).orElse(factory);
  }
}
