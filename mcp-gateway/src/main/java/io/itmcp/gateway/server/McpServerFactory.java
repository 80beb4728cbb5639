package io.itmcp.gateway.server;

import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.policy.EffectivePolicy;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncListFilter;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.util.List;

/**
 * Turns the tool catalog, filtered by the policy's enabled tools, into an MCP server on a
 * transport.
 */
public final class McpServerFactory {

  public static final String SERVER_NAME = "itmcp-gateway";
  public static final String SERVER_VERSION = versionOf();
  public static final String INSTRUCTIONS =
      "Network-administration tools. Every call runs in a sandbox and is"
          + " checked against the gateway's policy first; a refused call returns isError with the rule that refused it"
          + " and what is allowed instead. Tool descriptions list the allowed hosts, directories and commands.";

  /**
   * How long the SDK waits for the client's answer to a request of ours: longer than the longest
   * approval wait, whose deadline the approver keeps itself (the SDK's default is 10 s).
   */
  static final java.time.Duration SERVER_REQUEST_TIMEOUT =
      io.itmcp.policy.ApprovalPolicy.MAX_TIMEOUT.plusSeconds(30);

  private final java.util.function.Supplier<EffectivePolicy> policy;
  private final List<ToolDefinition> catalog;
  private final ToolCallHandler handler;
  private final byte[] requestStateKey;

  public McpServerFactory(
      EffectivePolicy policy, List<ToolDefinition> catalog, ToolCallHandler handler) {
    this(() -> policy, catalog, handler, null);
  }

  /**
   * Descriptions and the tools/list filter read {@code policy} each time (a local policy file that
   * is reloaded while the gateway runs).
   */
  public McpServerFactory(
      java.util.function.Supplier<EffectivePolicy> policy,
      List<ToolDefinition> catalog,
      ToolCallHandler handler) {
    this(policy, catalog, handler, null);
  }

  private McpServerFactory(
      java.util.function.Supplier<EffectivePolicy> policy,
      List<ToolDefinition> catalog,
      ToolCallHandler handler,
      byte[] requestStateKey) {
    this.policy = policy;
    this.catalog = List.copyOf(catalog);
    this.handler = handler;
    this.requestStateKey = requestStateKey == null ? null : requestStateKey.clone();
  }

  /**
   * The same factory whose modern servers seal request state (approval questions) with this key, so
   * that replicas sharing it open each other's; null: each process its own random key.
   */
  public McpServerFactory withRequestStateKey(byte[] key) {
    return new McpServerFactory(policy, catalog, handler, key);
  }

  /** The shared request-state key, or empty for this process's own. */
  public java.util.Optional<byte[]> requestStateKey() {
    return java.util.Optional.ofNullable(requestStateKey).map(byte[]::clone);
  }

  /** The policy the tool descriptions are written from, as it is now. */
  public EffectivePolicy policy() {
    return policy.get();
  }

  /** Every tool the gateway knows, in the order tools/list gives them. */
  public List<ToolDefinition> catalog() {
    return catalog;
  }

  /** The one handler every call goes through, whatever the era. */
  public ToolCallHandler handler() {
    return handler;
  }

  /** The same catalog and handler, describing the tools for another policy. */
  public McpServerFactory forPolicy(EffectivePolicy other) {
    return new McpServerFactory(() -> other, catalog, handler, requestStateKey);
  }

  /** The meters and tracer of this factory's calls. */
  public io.itmcp.gateway.observe.Observability observability() {
    return handler.observability();
  }

  /** Audits unknown tools and refused initializes, which never reach a tool handler. */
  public ProtocolAudit protocolAudit() {
    return handler.protocolAudit(catalog.stream().map(t -> t.name().mcpName()).toList());
  }

  /** Only the tools the policy enables, in catalog order. */
  public List<ToolDefinition> enabledTools() {
    EffectivePolicy now = policy();
    return catalog.stream().filter(t -> now.tools().contains(t.name())).toList();
  }

  /**
   * Every catalog tool gets a handler, so that a call to a disabled tool is refused by the policy
   * check and audited like any other refusal; {@link #listFilter()} keeps disabled tools out of
   * tools/list.
   */
  public List<SyncToolSpecification> toolSpecifications() {
    return catalog.stream().map(this::specification).toList();
  }

  /**
   * Lists only the tools the policy enables: the request's own policy as read now where the
   * transport names one per request (cluster runtime, {@code /mcp/{policy}}), otherwise this
   * factory's policy. A policy that cannot be read lists nothing (calls say why).
   */
  public McpSyncListFilter<Tool> listFilter() {
    return (context, tool) ->
        GatewayContext.policy(context)
            .map(live -> enabledIn(live, tool))
            .orElseGet(() -> enabledIn(policy, tool));
  }

  private static boolean enabledIn(java.util.function.Supplier<EffectivePolicy> live, Tool tool) {
    try {
      return live.get().tools().stream().anyMatch(t -> t.mcpName().equals(tool.name()));
    } catch (RuntimeException e) {
      return false;
    }
  }

  public Tool describe(ToolDefinition tool) {
    return Tool.builder()
        .name(tool.name().mcpName())
        .title(tool.title())
        .description(tool.description(policy()))
        .inputSchema(tool.inputSchema())
        .outputSchema(ToolResults.outputSchema(tool.structuredProperties()))
        .annotations(new ToolAnnotations(tool.title(), true, false, false, tool.openWorld(), null))
        .build();
  }

  private SyncToolSpecification specification(ToolDefinition tool) {
    return SyncToolSpecification.builder()
        .tool(describe(tool))
        .callHandler((exchange, request) -> handler.handle(tool, exchange, request))
        .build();
  }

  /**
   * Over stdio the handler must not run on the thread that reads stdin, or a {@code
   * notifications/cancelled} could not be read while a call runs. Announces {@code
   * tools.listChanged}: a reloaded policy file changes the tools.
   */
  public McpSyncServer stdio(McpServerTransportProvider transport) {
    return McpServer.sync(transport)
        .serverInfo(SERVER_NAME, SERVER_VERSION)
        .instructions(INSTRUCTIONS)
        .capabilities(stdioCapabilities())
        .jsonMapper(McpJsonDefaults.getMapper())
        // our own validation (ToolDefinition.plan) refuses and audits; the SDK's would answer
        // unaudited
        .validateToolInputs(false)
        .requestTimeout(SERVER_REQUEST_TIMEOUT)
        .immediateExecution(false)
        .addToolFilter(listFilter())
        .tools(toolSpecifications())
        .build();
  }

  private static ServerCapabilities stdioCapabilities() {
    return ServerCapabilities.builder().tools(true).build();
  }

  /**
   * What a stdio server ({@link #stdio}) answers to {@code initialize} for this negotiated protocol
   * version, without the server: nothing in it depends on the policy. The SDK adds {@code logging}
   * to the capabilities it is given.
   */
  public static McpSchema.InitializeResult stdioInitializeResult(String protocolVersion) {
    return new McpSchema.InitializeResult(
        protocolVersion, stdioCapabilities().mutate().logging().build(), info(), INSTRUCTIONS);
  }

  /** Over HTTP the handler runs on the request's own servlet thread, which waits for it anyway. */
  public McpSyncServer http(McpStreamableServerTransportProvider transport) {
    return http(transport, false);
  }

  /**
   * As {@link #http}, announcing {@code tools.listChanged}: the cluster runtime tells clients when
   * an edit of their policy changed the tools or their descriptions.
   */
  public McpSyncServer httpWithListChanges(McpStreamableServerTransportProvider transport) {
    return http(transport, true);
  }

  private McpSyncServer http(McpStreamableServerTransportProvider transport, boolean listChanged) {
    return McpServer.sync(transport)
        .serverInfo(SERVER_NAME, SERVER_VERSION)
        .instructions(INSTRUCTIONS)
        .capabilities(ServerCapabilities.builder().tools(listChanged).build())
        .jsonMapper(McpJsonDefaults.getMapper())
        .validateToolInputs(false)
        .requestTimeout(SERVER_REQUEST_TIMEOUT)
        .immediateExecution(true)
        .addToolFilter(listFilter())
        .tools(toolSpecifications())
        .build();
  }

  private static String versionOf() {
    String v = McpServerFactory.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }

  static McpSchema.Implementation info() {
    return new McpSchema.Implementation(SERVER_NAME, SERVER_VERSION);
  }
}
