package io.itmcp.gateway.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.itmcp.gateway.audit.AuditSink;
import io.itmcp.gateway.audit.kubernetes.KubernetesAuditEventSink;
import io.itmcp.gateway.auth.Authenticator;
import io.itmcp.gateway.auth.PolicyAuthorizer;
import io.itmcp.gateway.auth.kubernetes.SubjectAccessReviewAuthorizer;
import io.itmcp.gateway.auth.kubernetes.TokenReviewAuthenticator;
import io.itmcp.gateway.http.HttpGateway;
import io.itmcp.gateway.http.HttpGatewayConfig;
import io.itmcp.gateway.observe.Observability;
import io.itmcp.gateway.observe.TimedAuditSink;
import io.itmcp.gateway.runtime.kubernetes.ClusterPolicySource;
import io.itmcp.gateway.runtime.kubernetes.KubernetesRuntimeSettings;
import io.itmcp.gateway.runtime.kubernetes.KubernetesSandboxRuntime;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.session.LegacySessionBounds;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.policy.EffectivePolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway of {@code serve --runtime kubernetes}: Streamable HTTP at {@code /mcp} (the default
 * policy) and {@code /mcp/{policy}}; bearer tokens checked by TokenReview (or a token file); {@code
 * use} of the policy checked by SubjectAccessReview on every request; policies of the sandbox
 * namespace from a watch (read live while the watch is not synced and connected); each caller
 * (user, policy, client name) one ItmcpSession, shared by all its MCP sessions on every replica,
 * its tool calls exec'd in that pod; each call one audit record, written as a JSON line and as an
 * Event on the session. Replicas share no state: run as many as wanted, without session affinity.
 */
public final class ClusterGateway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterGateway.class);

  /**
   * @param defaultPolicy the policy of plain {@code /mcp}; null: a policy must be named in the path
   * @param authenticator null for Kubernetes TokenReview, else e.g. the token file's
   * @param tokenAudiences audiences TokenReview asks for; empty: the API server's
   * @param reportingInstance this replica in audit Events, e.g. the pod name
   * @param requestStateKey the key every replica seals and opens modern request state with
   *     (approval questions, {@code --request-state-key-file}); null: this process's own
   */
  public record Options(
      HttpGatewayConfig http,
      KubernetesRuntimeSettings runtime,
      String defaultPolicy,
      Authenticator authenticator,
      List<String> tokenAudiences,
      String reportingInstance,
      List<ToolDefinition> catalog,
      LegacySessionBounds legacySessions,
      byte[] requestStateKey) {
    public Options {
      Objects.requireNonNull(http, "http");
      Objects.requireNonNull(runtime, "runtime");
      tokenAudiences = tokenAudiences == null ? List.of() : List.copyOf(tokenAudiences);
      catalog = List.copyOf(catalog);
      legacySessions = legacySessions == null ? LegacySessionBounds.defaults() : legacySessions;
    }

    /** With the default bounds on legacy MCP sessions. */
    public Options(
        HttpGatewayConfig http,
        KubernetesRuntimeSettings runtime,
        String defaultPolicy,
        Authenticator authenticator,
        List<String> tokenAudiences,
        String reportingInstance,
        List<ToolDefinition> catalog) {
      this(
          http,
          runtime,
          defaultPolicy,
          authenticator,
          tokenAudiences,
          reportingInstance,
          catalog,
          null,
          null);
    }

    /** Each replica sealing modern request state with its own key. */
    public Options(
        HttpGatewayConfig http,
        KubernetesRuntimeSettings runtime,
        String defaultPolicy,
        Authenticator authenticator,
        List<String> tokenAudiences,
        String reportingInstance,
        List<ToolDefinition> catalog,
        LegacySessionBounds legacySessions) {
      this(
          http,
          runtime,
          defaultPolicy,
          authenticator,
          tokenAudiences,
          reportingInstance,
          catalog,
          legacySessions,
          null);
    }

    public Options withLegacySessions(LegacySessionBounds bounds) {
      return new Options(
          http,
          runtime,
          defaultPolicy,
          authenticator,
          tokenAudiences,
          reportingInstance,
          catalog,
          bounds,
          requestStateKey);
    }

    /** Every replica given the same key opens the request state another sealed. */
    public Options withRequestStateKey(byte[] key) {
      return new Options(
          http,
          runtime,
          defaultPolicy,
          authenticator,
          tokenAudiences,
          reportingInstance,
          catalog,
          legacySessions,
          key);
    }
  }

  private final HttpGateway http;
  private final SessionRegistry sessions;
  private final ClusterSandboxRuntime runtime;
  private final ExecutorService eventWriter;
  private final AuditSink audit;
  private final String defaultPolicy;
  private final ClusterPolicySource policies;

  private ClusterGateway(
      HttpGateway http,
      SessionRegistry sessions,
      ClusterSandboxRuntime runtime,
      ExecutorService eventWriter,
      AuditSink audit,
      String defaultPolicy,
      ClusterPolicySource policies) {
    this.http = http;
    this.sessions = sessions;
    this.runtime = runtime;
    this.eventWriter = eventWriter;
    this.audit = audit;
    this.defaultPolicy = defaultPolicy;
    this.policies = policies;
  }

  /** Starts serving; {@code auditLog} receives the JSON lines and is closed with the gateway. */
  public static ClusterGateway start(KubernetesClient client, Options options, AuditSink auditLog)
      throws Exception {
    return start(client, options, auditLog, Observability.standard());
  }

  /** As above, measured and traced with {@code observability} (its metrics on /metrics). */
  public static ClusterGateway start(
      KubernetesClient client, Options options, AuditSink auditLog, Observability observability)
      throws Exception {
    return start(client, options, auditLog, observability, System::nanoTime);
  }

  /**
   * As above, with the clock (nanoseconds, {@code System::nanoTime} in production) on which MCP
   * sessions and callers' sandboxes are idle or expired: a test moves it instead of waiting.
   */
  public static ClusterGateway start(
      KubernetesClient client,
      Options options,
      AuditSink auditLog,
      Observability observability,
      LongSupplier nanoClock)
      throws Exception {
    String namespace = options.runtime().namespace();
    ExecutorService eventWriter = KubernetesAuditEventSink.boundedWriter(1000);
    KubernetesAuditEventSink events =
        new KubernetesAuditEventSink(
            client,
            namespace,
            options.reportingInstance(),
            eventWriter,
            Clock.systemUTC(),
            KubernetesAuditEventSink.RateLimit.DEFAULT);
    ClusterSandboxRuntime runtime =
        new ClusterSandboxRuntime(new KubernetesSandboxRuntime(client, options.runtime()), events);
    ClusterPolicySource source =
        ClusterPolicySource.watching(client, namespace, options.defaultPolicy());
    EffectivePolicy startPolicy = startPolicy(source, options.defaultPolicy());
    SessionRegistry sessions =
        new SessionRegistry(
            runtime, startPolicy, new ClusterPolicies(source), nanoClock, options.legacySessions());
    AuditSink audit =
        new TimedAuditSink(new FanOutAuditSink(auditLog, events), observability.metrics());
    try {
      sessions.startReaper(Duration.ofSeconds(5));
      InFlightCalls inFlight = new InFlightCalls();
      ToolCallHandler handler =
          new ToolCallHandler(sessions, audit, inFlight, null, Clock.systemUTC())
              .observedBy(observability);
      McpServerFactory factory =
          new McpServerFactory(startPolicy, options.catalog(), handler)
              .withRequestStateKey(options.requestStateKey());
      Authenticator authenticator =
          options.authenticator() != null
              ? options.authenticator()
              : new TokenReviewAuthenticator(client, options.tokenAudiences());
      PolicyAuthorizer authorizer = new SubjectAccessReviewAuthorizer(client, namespace);
      HttpGateway http =
          HttpGateway.startPerPolicy(
              options.http(), factory, sessions, inFlight, authenticator, authorizer);
      return new ClusterGateway(
          http, sessions, runtime, eventWriter, audit, options.defaultPolicy(), source);
    } catch (Exception | Error e) {
      sessions.close();
      runtime.close();
      eventWriter.shutdownNow();
      source.close();
      throw e;
    }
  }

  /**
   * What tool descriptions are written from: the default policy as it is at start when it can be
   * read, else an empty policy. Calls and tools/list always use the live policy of the session.
   */
  private static EffectivePolicy startPolicy(ClusterPolicySource source, String defaultPolicy) {
    if (defaultPolicy != null) {
      try {
        return source.policy(defaultPolicy);
      } catch (RuntimeException e) {
        LOG.warn(
            "default policy {} cannot be read at start ({}); tool descriptions will not list its hosts",
            defaultPolicy,
            e.getMessage());
      }
    }
    return EffectivePolicy.compile(defaultPolicy == null ? "cluster" : defaultPolicy, null);
  }

  public int port() {
    return http.port();
  }

  public SessionRegistry sessions() {
    return sessions;
  }

  public String defaultPolicy() {
    return defaultPolicy;
  }

  /** Where this replica reads policies (e.g. to wait until it sees an edit). */
  public ClusterPolicySource policies() {
    return policies;
  }

  public void await() {
    http.await();
  }

  /**
   * Stops serving and forgets this replica's MCP sessions; callers' ItmcpSessions stay for the
   * other replicas (those of PerMcpSession policies are deleted); then flushes the audit.
   */
  @Override
  public void close() {
    http.close();
    sessions.close();
    runtime.close();
    policies.close();
    eventWriter.shutdown();
    try {
      eventWriter.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    audit.close();
  }
}
