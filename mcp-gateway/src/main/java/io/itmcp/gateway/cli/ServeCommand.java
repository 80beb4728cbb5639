package io.itmcp.gateway.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.gateway.audit.AuditSink;
import io.itmcp.gateway.audit.HashChainedAuditLog;
import io.itmcp.gateway.auth.Authenticator;
import io.itmcp.gateway.auth.BearerTokenAuthenticator;
import io.itmcp.gateway.auth.oidc.ClientCredentials;
import io.itmcp.gateway.auth.oidc.OidcAuthenticator;
import io.itmcp.gateway.auth.oidc.OidcSettings;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.auth.TokenFile;
import io.itmcp.gateway.cluster.ClusterGateway;
import io.itmcp.gateway.http.HttpGateway;
import io.itmcp.gateway.http.HttpGatewayConfig;
import io.itmcp.gateway.http.HttpLimits;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.gateway.runtime.kubernetes.KubernetesRuntimeSettings;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.session.LegacySessionBounds;
import io.itmcp.gateway.session.ReloadablePolicy;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.ssh.SandboxSshPaths;
import io.itmcp.gateway.ssh.SshCredentials;
import io.itmcp.gateway.tools.ToolCatalog;
import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.gateway.transport.StdioGateway;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyLoader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.itmcp.gateway.observe.GatewayMetrics;
import io.itmcp.gateway.observe.Observability;
import io.itmcp.gateway.observe.TimedAuditSink;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve --stdio | --http HOST:PORT}. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Serves the MCP tools over stdio or Streamable HTTP (/mcp, with /healthz and /metrics); with --runtime kubernetes"
        + " each caller (user, policy, MCP client) has one sandbox pod, shared by its MCP sessions on every replica.")
final class ServeCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @ArgGroup(exclusive = true, multiplicity = "1")
  Transport transport;

  static final class Transport {
    @Option(names = "--stdio", description = "MCP over stdin/stdout (one client, the local OS user)")
    boolean stdio;

    @Option(names = "--http", paramLabel = "HOST:PORT",
        description = "MCP Streamable HTTP at /mcp; HOST defaults to 127.0.0.1 (e.g. --http :8080)")
    String http;
  }

  @Option(names = "--policy", paramLabel = "FILE",
      description = "ItmcpPolicy YAML; without it ALLOWED_HOSTS, ALLOWED_DIRECTORIES, ALLOWED_REMOTE_COMMANDS,"
          + " SSH_CREDENTIALS_PATH and SSH_KEYS_PATH from the environment make the policy")
  Path policy;

  @Option(names = "--tokens", paramLabel = "FILE",
      description = "bearer tokens (HTTP): tokens: [{user: alice, groups: [netops], sha256: <hex of the token>}]")
  Path tokens;

  @Option(names = "--audit-log", paramLabel = "FILE",
      description = "append hash-chained audit records here (fsync per record); default: stdout for --http,"
          + " $XDG_STATE_HOME/itmcp/audit.jsonl (else ~/.local/state/itmcp/audit.jsonl) for --stdio")
  Path auditLog;

  @Option(names = "--runtime", defaultValue = "local",
      description = "where commands run: local (bubblewrap on this machine) or kubernetes (one ItmcpSession and pod per"
          + " caller: user, policy and MCP client; policies from the cluster) (default: ${DEFAULT-VALUE})")
  String runtime;

  @Option(names = "--namespace", paramLabel = "NS", defaultValue = KubernetesRuntimeSettings.DEFAULT_NAMESPACE,
      description = "kubernetes runtime: the sandbox namespace of ItmcpPolicies, ItmcpSessions and their pods"
          + " (default: ${DEFAULT-VALUE})")
  String namespace;

  @Option(names = "--policy-name", paramLabel = "NAME",
      description = "kubernetes runtime: the ItmcpPolicy of plain /mcp; /mcp/<policy> names any other."
          + " Without it a client must name one")
  String policyName;

  @Option(names = "--auth", paramLabel = "tokenreview|tokens|oidc",
      description = "how bearer tokens are checked: tokenreview (Kubernetes TokenReview; the default with --runtime"
          + " kubernetes), tokens (the --tokens file; the default otherwise) or oidc (OAuth access tokens of"
          + " --oidc-issuer)")
  String auth;

  @Option(names = "--oidc-issuer", paramLabel = "URL",
      description = "oidc: the authorization server's issuer URL (its metadata names the signing keys)")
  URI oidcIssuer;

  @Option(names = "--oidc-audience", paramLabel = "AUD",
      description = "oidc: this gateway's resource identifier; the token's aud must contain it")
  String oidcAudience;

  @Option(names = "--request-state-key-file", paramLabel = "FILE",
      description = "a file of at least 32 bytes (e.g. head -c 32 /dev/urandom) every replica shares: the key that seals"
          + " modern-era request state (approval questions), so that the retry may reach any replica (default: a"
          + " random key per process)")
  Path requestStateKeyFile;

  @Option(names = "--oidc-resource", paramLabel = "URL",
      description = "oidc: the gateway's public base URL as clients reach it (e.g. https://mcp.example.com behind a"
          + " TLS-terminating proxy): the RFC 9728 metadata and every 401 name resources under it, and without"
          + " --oidc-audience the audience is its /mcp (default: the origin each request reached)")
  URI oidcResource;

  @Option(names = "--oidc-username-claim", paramLabel = "CLAIM", defaultValue = OidcSettings.DEFAULT_USERNAME_CLAIM,
      description = "oidc: the claim naming the user (default: ${DEFAULT-VALUE})")
  String oidcUsernameClaim;

  @Option(names = "--oidc-groups-claim", paramLabel = "CLAIM", defaultValue = OidcSettings.DEFAULT_GROUPS_CLAIM,
      description = "oidc: the claim listing the user's groups (default: ${DEFAULT-VALUE})")
  String oidcGroupsClaim;

  @Option(names = "--oidc-required-scopes", split = ",", paramLabel = "SCOPE",
      description = "oidc: scopes every token must carry (else 403 insufficient_scope)")
  List<String> oidcRequiredScopes = List.of();

  @Option(names = "--oidc-client-id", paramLabel = "ID",
      description = "oidc: the gateway's client id at the issuer, to introspect opaque tokens (RFC 7662)")
  String oidcClientId;

  @Option(names = "--oidc-client-secret-file", paramLabel = "FILE",
      description = "oidc: a file holding the client secret for --oidc-client-id")
  Path oidcClientSecretFile;

  @Option(names = "--token-audiences", split = ",", paramLabel = "AUD",
      description = "tokenreview: audiences the token must be valid for (default: the API server's)")
  List<String> tokenAudiences = List.of();

  @Option(names = "--ready-timeout", paramLabel = "SECONDS", defaultValue = "90",
      description = "kubernetes runtime: how long the first call of a session waits for its sandbox pod"
          + " (default: ${DEFAULT-VALUE})")
  int readyTimeoutSeconds;

  @Option(names = "--ssh-mount-path", paramLabel = "DIR", defaultValue = SessionContract.SSH_MOUNT_PATH,
      description = "kubernetes runtime: where the operator mounts the policy's ssh Secret (id_ed25519, known_hosts)"
          + " inside the sandbox pod (default: ${DEFAULT-VALUE})")
  Path sshMountPath;

  @Option(names = "--allow-unsandboxed",
      description = "start even when bubblewrap cannot make a sandbox (commands then run unsandboxed; warned on start)")
  boolean allowUnsandboxed;

  @Option(names = "--allowed-hosts", split = ",", paramLabel = "NAME",
      description = "extra Host header names accepted over HTTP (DNS-rebinding protection); * accepts any")
  List<String> allowedHosts = List.of();

  @Option(names = "--allowed-origins", split = ",", paramLabel = "ORIGIN",
      description = "extra browser Origins accepted over HTTP, e.g. https://assistant.example.com")
  List<String> allowedOrigins = List.of();

  @Option(names = "--otlp-endpoint", paramLabel = "URL",
      description = "export traces over OTLP to this collector, e.g. http://otel-collector:4318 (OTEL_EXPORTER_OTLP_ENDPOINT"
          + " does the same; every other OTEL_* variable applies); default: no tracing")
  String otlpEndpoint;

  @Option(names = "--max-mcp-sessions-per-user", paramLabel = "N", defaultValue = "" + LegacySessionBounds.DEFAULT_PER_USER,
      description = "legacy MCP sessions (initialize) kept per user on this gateway; beyond it the user's least recently"
          + " used one is forgotten (its client gets 404 and initializes again), never a new one refused (default: ${DEFAULT-VALUE})")
  int maxMcpSessionsPerUser;

  @Option(names = "--max-mcp-sessions", paramLabel = "N", defaultValue = "" + LegacySessionBounds.DEFAULT_TOTAL,
      description = "legacy MCP sessions kept in all on this gateway, least recently used forgotten first (default: ${DEFAULT-VALUE})")
  int maxMcpSessions;

  @Option(names = "--max-body-bytes", defaultValue = "1048576",
      description = "HTTP request bodies above this get 413 (default: ${DEFAULT-VALUE})")
  int maxBodyBytes;

  @Option(names = "--request-read-timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "HTTP: the whole request body must arrive within this after the headers, else 408 and the"
          + " connection is closed (default: ${DEFAULT-VALUE})")
  int requestReadTimeoutSeconds;

  @Option(names = "--max-connections-per-address", paramLabel = "N", defaultValue = "128",
      description = "HTTP: open connections one client address may hold; more get 429 and are closed; 0: no cap"
          + " (behind a proxy all clients share its address) (default: ${DEFAULT-VALUE})")
  int maxConnectionsPerAddress;

  @Option(names = "--max-requests-per-token", paramLabel = "N", defaultValue = "64",
      description = "HTTP: requests one bearer token may have in progress (SSE streams and running calls count);"
          + " more get 429; 0: no cap (default: ${DEFAULT-VALUE})")
  int maxRequestsPerToken;

  @Option(names = "--http-threads", paramLabel = "N", defaultValue = "200",
      description = "HTTP: worker threads, i.e. requests handled at once, running tool calls included"
          + " (default: ${DEFAULT-VALUE})")
  int httpThreads;

  @Option(names = "--max-connections", paramLabel = "N", defaultValue = "4096",
      description = "HTTP: open connections in all; more wait in the accept queue (default: ${DEFAULT-VALUE})")
  int maxConnections;

  /** The policy file's text as read at start, before the policy was loaded from it. */
  private byte[] policyTextAtStart;

  private HttpLimits httpLimits() {
    return HttpLimits.of(requestReadTimeoutSeconds, maxConnectionsPerAddress, maxRequestsPerToken, httpThreads,
        maxConnections);
  }

  @Override
  public Integer call() throws Exception {
    PrintStream mcpOut = System.out;
    if (transport.stdio) {
      // from here on only the MCP transport writes to the real stdout
      System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    }
    if ("kubernetes".equals(runtime)) {
      return serveCluster(mcpOut);
    }
    if (auth != null && !"tokens".equals(auth) && !"oidc".equals(auth)) {
      System.err.println("itmcp-gateway: --auth " + auth + " needs --runtime kubernetes; the local runtime uses"
          + " --tokens or --auth oidc");
      return 2;
    }
    try {
      legacySessionBounds();
    } catch (IllegalArgumentException e) {
      System.err.println("itmcp-gateway: " + e.getMessage() + " (--max-mcp-sessions-per-user, --max-mcp-sessions)");
      return 2;
    }
    try {
      requestStateKey();
    } catch (IllegalArgumentException e) {
      System.err.println("itmcp-gateway: " + e.getMessage());
      return 2;
    }
    EffectivePolicy effective;
    try {
      // read before the load: an edit in between is then a change the reload sees
      policyTextAtStart = policy == null ? null : PolicyReloader.read(policy);
      effective = loadPolicy();
    } catch (RuntimeException e) {
      System.err.println("itmcp-gateway: the policy cannot be used: " + e.getMessage());
      return 2;
    }
    HttpGatewayConfig config = null;
    Authenticator authenticator = null;
    if (transport.http != null && "oidc".equals(auth)) {
      try {
        config = HttpGatewayConfig.parseListen(transport.http, allowedHosts, allowedOrigins, maxBodyBytes)
            .withLimits(httpLimits());
        authenticator = oidcAuthenticator();
      } catch (RuntimeException e) {
        System.err.println("itmcp-gateway: " + e.getMessage());
        return 2;
      }
    } else if (transport.http != null) {
      if (tokens == null) {
        System.err.println("itmcp-gateway: --http needs --tokens FILE (every HTTP request must carry a bearer token)");
        return 2;
      }
      try {
        config = HttpGatewayConfig.parseListen(transport.http, allowedHosts, allowedOrigins, maxBodyBytes)
            .withLimits(httpLimits());
        authenticator = new BearerTokenAuthenticator(TokenFile.read(tokens));
      } catch (IOException e) {
        System.err.println("itmcp-gateway: cannot read --tokens " + tokens + ": " + e);
        return 2;
      } catch (RuntimeException e) {
        System.err.println("itmcp-gateway: " + e.getMessage());
        return 2;
      }
    }
    LegacyEnvironment.notes(System.getenv(), policy != null)
        .forEach(note -> StartNotes.note("itmcp-gateway: note: " + note));
    SshCredentials ssh = SshCredentials.fromEnvironment(System.getenv());
    LocalSandboxRuntime sandboxRuntime;
    try {
      sandboxRuntime = RuntimeFactory.create(runtime, allowUnsandboxed, ssh);
    } catch (IllegalArgumentException e) {
      System.err.println("itmcp-gateway: " + e.getMessage());
      return 2;
    } catch (IllegalStateException e) {
      System.err.println("itmcp-gateway: refusing to start: " + e.getMessage());
      return 3;
    }
    if (!sandboxRuntime.sandboxed()) {
      StartNotes.warning("WARNING: itmcp-gateway is running WITHOUT a sandbox (--allow-unsandboxed, and bubblewrap"
          + " does not work here): every tool runs directly on this machine as " + System.getProperty("user.name")
          + "; only the argument and policy checks protect it.");
    }
    List<ToolDefinition> catalog = ToolCatalog.all(ssh);
    try {
      return serve(effective, sandboxRuntime, catalog, config, authenticator, mcpOut);
    } catch (Exception e) {
      LOG.debug("serve failed", e);
      System.err.println("itmcp-gateway: cannot serve: " + e.getMessage());
      return 1;
    }
  }

  private int serve(EffectivePolicy effective, SandboxRuntime sandboxRuntime, List<ToolDefinition> catalog,
      HttpGatewayConfig config, Authenticator authenticator, PrintStream mcpOut) throws Exception {
    Observability observability = Observability.standard();
    ReloadablePolicy live = new ReloadablePolicy(effective);
    java.util.concurrent.ScheduledExecutorService reloadTimer = java.util.concurrent.Executors
        .newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "itmcp-policy-reload");
          t.setDaemon(true);
          return t;
        });
    try (AutoCloseable stopTimer = reloadTimer::shutdownNow;
        SandboxRuntime rt = sandboxRuntime;
        TracingSetup tracing = TracingSetup.of(otlpEndpoint, System.getenv());
        AuditSink audit = new TimedAuditSink(transport.stdio ? openStdioAudit() : openAudit(mcpOut),
            observability.metrics());
        SessionRegistry sessions = new SessionRegistry(rt, effective, live, System::nanoTime,
            legacySessionBounds());
        PolicyReloading reloading = policy == null ? null : PolicyReloading.start(policy,
            new PolicyReloader(policy, policyTextAtStart, () -> loadPolicyFile(policy), live), Debouncer.onThread(reloadTimer), true)) {
      observability = new Observability(observability.metrics(), tracing.tracing());
      sessions.startReaper(Duration.ofSeconds(5));
      InFlightCalls inFlight = new InFlightCalls();
      if (transport.stdio) {
        Identity local = new Identity(System.getProperty("user.name", "local"), List.of());
        ToolCallHandler handler = new ToolCallHandler(sessions, audit, inFlight, local, Clock.systemUTC())
            .observedBy(observability);
        McpServerFactory factory = new McpServerFactory(live::current, catalog, handler)
            .withRequestStateKey(requestStateKey());
        LOG.info("serving {} tools over stdio for user {} with policy '{}' ({} runtime){}",
            factory.enabledTools().size(), local.user(), effective.name(), rt.name(), reloadNote());
        StdioGateway.serve(factory, inFlight, System.in, mcpOut, StdioGateway.drainLimit(effective), live::listen);
        return 0;
      }
      ToolCallHandler handler = new ToolCallHandler(sessions, audit, inFlight, null, Clock.systemUTC())
          .observedBy(observability);
      McpServerFactory factory = new McpServerFactory(live::current, catalog, handler)
          .withRequestStateKey(requestStateKey());
      try (HttpGateway gateway = HttpGateway.start(config, factory, sessions, inFlight, authenticator)) {
        LOG.info("serving {} tools at http://{}:{}/mcp with policy '{}' ({} runtime); allowed Host names {}{}",
            factory.enabledTools().size(), config.host(), gateway.port(), effective.name(), rt.name(),
            config.allowedHosts(), reloadNote());
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "itmcp-shutdown"));
        gateway.await();
      }
      return 0;
    }
  }

  /** Says how the policy follows its file (or that it cannot: it came from the environment). */
  private String reloadNote() {
    return policy == null ? "; the policy comes from the environment and holds until restart"
        : "; edits of " + policy + " (or SIGHUP) reload it";
  }

  /**
   * The tools of the kubernetes runtime. ssh runs inside the session pod, so its key and
   * known_hosts are the ssh Secret the operator mounts there, never files of the gateway's host.
   */
  static List<ToolDefinition> clusterToolCatalog(Path sshMountPath) {
    return ToolCatalog.all(SandboxSshPaths.mountedAt(sshMountPath));
  }

  /** {@code --runtime kubernetes}: HTTP only; policies, identities and sandboxes come from the cluster. */
  private int serveCluster(PrintStream out) {
    ClusterGateway.Options options;
    KubernetesClient client;
    try {
      if (transport.http == null) {
        throw new IllegalArgumentException("--runtime kubernetes serves over --http HOST:PORT (each MCP session"
            + " becomes an ItmcpSession of an authenticated user; stdio has no such user)");
      }
      if (policy != null) {
        throw new IllegalArgumentException("--runtime kubernetes reads ItmcpPolicies from namespace " + namespace
            + "; --policy FILE is for the local runtime (name the cluster's default with --policy-name)");
      }
      String method = auth == null ? "tokenreview" : auth;
      Authenticator authenticator = null;
      switch (method) {
        case "tokenreview" -> {
          if (tokens != null) {
            throw new IllegalArgumentException("--tokens is used with --auth tokens; the default here is --auth tokenreview");
          }
        }
        case "tokens" -> {
          if (tokens == null) {
            throw new IllegalArgumentException("--auth tokens needs --tokens FILE");
          }
          authenticator = new BearerTokenAuthenticator(TokenFile.read(tokens));
        }
        case "oidc" -> authenticator = oidcAuthenticator();
        default -> throw new IllegalArgumentException("--auth must be tokenreview, tokens or oidc, not '" + method + "'");
      }
      if (readyTimeoutSeconds < 1) {
        throw new IllegalArgumentException("--ready-timeout must be at least 1 second");
      }
      HttpGatewayConfig http = HttpGatewayConfig.parseListen(transport.http, allowedHosts, allowedOrigins, maxBodyBytes)
          .withLimits(httpLimits());
      KubernetesRuntimeSettings settings = KubernetesRuntimeSettings.defaults(namespace)
          .withReadyTimeout(Duration.ofSeconds(readyTimeoutSeconds));
      String instance = System.getenv().getOrDefault("POD_NAME", "itmcp-gateway");
      options = new ClusterGateway.Options(http, settings, policyName, authenticator, tokenAudiences,
          instance, clusterToolCatalog(sshMountPath), legacySessionBounds(), requestStateKey());
      client = RuntimeFactory.kubernetesClient();
    } catch (IOException e) {
      System.err.println("itmcp-gateway: cannot read --tokens " + tokens + ": " + e);
      return 2;
    } catch (RuntimeException e) {
      System.err.println("itmcp-gateway: " + e.getMessage());
      return 2;
    }
    try (KubernetesClient k = client) {
      AuditSink auditSink = openAudit(out);
      try (TracingSetup tracing = TracingSetup.of(otlpEndpoint, System.getenv());
          ClusterGateway gateway = ClusterGateway.start(k, options, auditSink,
              new Observability(GatewayMetrics.prometheus(), tracing.tracing()))) {
        LOG.info("serving at http://{}:{}/mcp (policy {}) and /mcp/<policy>; sessions, pods and policies in namespace {};"
            + " tokens checked by {}; allowed Host names {}", options.http().host(), gateway.port(),
            policyName == null ? "none: name one in the path" : policyName, namespace,
            options.authenticator() == null ? "TokenReview" : "--auth " + (auth == null ? "tokens" : auth), options.http().allowedHosts());
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "itmcp-shutdown"));
        gateway.await();
      }
      return 0;
    } catch (Exception e) {
      LOG.debug("serve failed", e);
      System.err.println("itmcp-gateway: cannot serve: " + e.getMessage());
      return 1;
    }
  }

  /** {@code --auth oidc}: OAuth access tokens of {@code --oidc-issuer} for {@code --oidc-audience}. */
  private OidcAuthenticator oidcAuthenticator() {
    if (oidcIssuer == null) {
      throw new IllegalArgumentException("--auth oidc needs --oidc-issuer URL (the authorization server's issuer)");
    }
    if (tokens != null) {
      throw new IllegalArgumentException("--tokens is used with --auth tokens, not with --auth oidc");
    }
    ClientCredentials introspection = null;
    if (oidcClientId != null || oidcClientSecretFile != null) {
      if (oidcClientId == null || oidcClientSecretFile == null) {
        throw new IllegalArgumentException("--oidc-client-id and --oidc-client-secret-file go together");
      }
      try {
        introspection = new ClientCredentials(oidcClientId, Files.readString(oidcClientSecretFile).strip());
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read --oidc-client-secret-file " + oidcClientSecretFile + ": " + e);
      }
    }
    return new OidcAuthenticator(new OidcSettings(oidcIssuer, oidcAudience, null, null, List.of(), null, null,
            oidcResource)
        .withClaims(oidcUsernameClaim, oidcGroupsClaim)
        .withRequiredScopes(oidcRequiredScopes)
        .withIntrospectionClient(introspection));
  }

  /** {@code --request-state-key-file}: the shared key, or null for a random one per process. */
  private byte[] requestStateKey() {
    if (requestStateKeyFile == null) {
      return null;
    }
    byte[] key;
    try {
      key = Files.readAllBytes(requestStateKeyFile);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --request-state-key-file " + requestStateKeyFile + ": " + e);
    }
    if (key.length < 32) {
      throw new IllegalArgumentException("--request-state-key-file " + requestStateKeyFile + " holds " + key.length
          + " bytes; it needs at least 32 (e.g. head -c 32 /dev/urandom > FILE)");
    }
    return key;
  }

  private LegacySessionBounds legacySessionBounds() {
    return new LegacySessionBounds(maxMcpSessionsPerUser, maxMcpSessions);
  }

  private EffectivePolicy loadPolicy() {
    return policy != null ? loadPolicyFile(policy) : compile(EnvironmentPolicy.from(System.getenv()), "environment");
  }

  /** The policy of a file, as at start and at each reload; throws saying what is wrong. */
  static EffectivePolicy loadPolicyFile(Path file) {
    return compile(PolicyLoader.fromYaml(file), file.getFileName().toString());
  }

  private static EffectivePolicy compile(ItmcpPolicy p, String defaultName) {
    String name = p.getMetadata() != null && p.getMetadata().getName() != null ? p.getMetadata().getName()
        : defaultName;
    return EffectivePolicy.compile(name, p.getSpec());
  }

  /** Over stdio the records go to a file (the given one, or the user's state directory), never to stderr. */
  private AuditSink openStdioAudit() throws java.io.IOException {
    Path file = auditLog != null ? auditLog
        : AuditLocation.stdioDefault(System.getenv(), System.getProperty("user.home"));
    if (auditLog == null) {
      StartNotes.note("itmcp-gateway: audit log: " + file + " (--audit-log FILE to choose; check it with"
          + " 'audit verify " + file + "')");
    }
    return HashChainedAuditLog.toFile(file);
  }

  private AuditSink openAudit(OutputStream fallback) throws java.io.IOException {
    if (auditLog != null) {
      return HashChainedAuditLog.toFile(auditLog);
    }
    return HashChainedAuditLog.toStream(fallback);
  }
}
