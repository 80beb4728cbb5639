package io.itmcp.gateway.cli;

import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.gateway.audit.AuditSink;
import io.itmcp.gateway.audit.HashChainedAuditLog;
import io.itmcp.gateway.auth.Authenticator;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.http.HttpGateway;
import io.itmcp.gateway.http.HttpGatewayConfig;
import io.itmcp.gateway.observe.Observability;
import io.itmcp.gateway.observe.TimedAuditSink;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime.Availability;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.session.LegacySessionBounds;
import io.itmcp.gateway.session.ReloadablePolicy;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.ssh.SshCredentials;
import io.itmcp.gateway.tools.ToolCatalog;
import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.gateway.transport.EarlyInitialize;
import io.itmcp.gateway.transport.StartGate;
import io.itmcp.gateway.transport.StdioGateway;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve --runtime local}: one policy (a file, reloaded on change, or the environment),
 * bubblewrap sandboxes on this machine, over stdio or HTTP.
 */
final class LocalLauncher implements Launcher {

  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
  private static final String POLICY_REFUSED = "the policy cannot be used: ";

  private final ServeOptions options;

  /** The policy file's text as read at start, before the policy was loaded from it. */
  private final byte[] policyTextAtStart;

  private final EffectivePolicy policy;

  /**
   * Stdio: the policy file's schema and CEL rules, checked once the gateway answered {@code
   * initialize}; no other request is served before they passed. Otherwise already done ({@link
   * StartGate#OPEN}).
   */
  private final StartGate policyChecked;

  private final LegacySessionBounds sessionBounds;
  private final byte[] requestStateKey;

  /** Both null over stdio. */
  private final HttpGatewayConfig http;

  private final Authenticator authenticator;

  /** Whether bubblewrap works here: started by {@link #prepare}, awaited by {@link #launch}. */
  private final Future<Availability> bwrapProbe;

  /**
   * Stdio: the client's first line, read (and answered when it is {@code initialize}) while the
   * policy is read and the servers are built; null over HTTP.
   */
  private final EarlyInitialize firstLine;

  private LocalLauncher(
      ServeOptions options,
      Future<Availability> bwrapProbe,
      EarlyInitialize firstLine,
      byte[] policyTextAtStart,
      EffectivePolicy policy,
      StartGate policyChecked,
      LegacySessionBounds sessionBounds,
      byte[] requestStateKey,
      HttpGatewayConfig http,
      Authenticator authenticator) {
    this.options = options;
    this.bwrapProbe = bwrapProbe;
    this.firstLine = firstLine;
    this.policyTextAtStart = policyTextAtStart;
    this.policy = policy;
    this.policyChecked = policyChecked;
    this.sessionBounds = sessionBounds;
    this.requestStateKey = requestStateKey;
    this.http = http;
    this.authenticator = authenticator;
  }

  /**
   * Checks the options and reads what they name; throws saying which option is wrong. {@code
   * startedProbe}: the bubblewrap probe {@code main} started before the command line was parsed
   * (null: this starts one). {@code earlyAnswerTo}: the MCP client's stdout, where a stdio gateway
   * answers {@code initialize} from stdin's first line once the options are accepted and the policy
   * file is read, while the policy is bound and compiled ({@link EarlyInitialize}); null: stdin is
   * read only when the gateway serves.
   */
  static LocalLauncher prepare(
      ServeOptions o, Future<Availability> startedProbe, OutputStream earlyAnswerTo) {
    if (o.auth == AuthMethod.tokenreview) {
      throw new IllegalArgumentException(
          "--auth "
              + o.auth
              + " needs --runtime kubernetes; the local runtime uses"
              + " --tokens or --auth oidc");
    }
    LegacySessionBounds bounds = o.legacySessionBounds();
    byte[] key = o.requestStateKey();
    // while the policy is read and compiled; its answer counts only after the policy's (launch)
    Future<Availability> probe =
        startedProbe != null ? startedProbe : RuntimeFactory.probeInBackground();
    byte[] text;
    EffectivePolicy policy;
    StartGate checked = StartGate.OPEN;
    EarlyInitialize firstLine = null;
    try {
      // read before the load: an edit in between is then a change the reload sees
      text = o.policy == null ? null : PolicyReloader.read(o.policy);
      if (o.transport.stdio) {
        // nothing in the initialize answer depends on the policy; nothing else is answered before
        // the policy is bound and its rules passed (StdioGateway, StartGate)
        firstLine =
            earlyAnswerTo == null
                ? EarlyInitialize.none(System.in)
                : EarlyInitialize.start(System.in, earlyAnswerTo);
      }
      if (o.policy == null) {
        policy = compile(EnvironmentPolicy.from(System.getenv()), "environment");
      } else if (o.transport.stdio) {
        PolicyLoader.Unchecked read = PolicyLoader.fromYamlUnchecked(o.policy);
        policy = compileBeforeCheck(read, o.policy.getFileName().toString());
        checked = checkAfterInitialize(read);
      } else {
        policy = loadPolicyFile(o.policy);
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(POLICY_REFUSED + e.getMessage(), e);
    }
    if (o.transport.http == null) {
      return new LocalLauncher(o, probe, firstLine, text, policy, checked, bounds, key, null, null);
    }
    boolean oidc = o.auth == AuthMethod.oidc;
    if (!oidc && o.tokens == null) {
      throw new IllegalArgumentException(
          "--http needs --tokens FILE (every HTTP request must carry a bearer token)");
    }
    HttpGatewayConfig http = o.httpConfig();
    return new LocalLauncher(
        o,
        probe,
        null,
        text,
        policy,
        checked,
        bounds,
        key,
        http,
        oidc ? Authenticators.oidc(o) : Authenticators.tokenFile(o.tokens));
  }

  /**
   * The engine's policy of a file whose rules are still being checked. When the engine refuses it,
   * the rules say why as {@link #loadPolicyFile} would (they include the engine's check).
   */
  private static EffectivePolicy compileBeforeCheck(PolicyLoader.Unchecked read, String name) {
    try {
      return compile(read.unchecked(), name);
    } catch (IllegalArgumentException e) {
      read.check();
      throw e;
    }
  }

  /**
   * The CRD's schema and CEL rules of a stdio gateway's policy file, checked on a thread of their
   * own once {@code initialize} is answered ({@link StartGate}): cel-java's first compilation and
   * the schema validator are about a third of the CPU a start would otherwise spend before that
   * answer, and {@link StdioGateway} serves nothing else before they passed.
   */
  private static StartGate checkAfterInitialize(PolicyLoader.Unchecked read) {
    BackgroundTask<ItmcpPolicy> check = BackgroundTask.of("itmcp-policy-check", read::check);
    return new StartGate(check.result(), check.thread()::start);
  }

  /** The policy of a file, as at start and at each reload; throws saying what is wrong. */
  static EffectivePolicy loadPolicyFile(Path file) {
    return compile(PolicyLoader.fromYaml(file), file.getFileName().toString());
  }

  private static EffectivePolicy compile(ItmcpPolicy p, String defaultName) {
    String name =
        p.getMetadata() != null && p.getMetadata().getName() != null
            ? p.getMetadata().getName()
            : defaultName;
    return EffectivePolicy.compile(name, p.getSpec());
  }

  @Override
  public int launch(PrintStream mcpOut) {
    LegacyEnvironment.notes(System.getenv(), options.policy != null)
        .forEach(note -> StartNotes.note("itmcp-gateway: note: " + note));
    SshCredentials ssh = SshCredentials.fromEnvironment(System.getenv());
    LocalSandboxRuntime sandboxRuntime;
    try {
      sandboxRuntime = RuntimeFactory.local(options.allowUnsandboxed, bwrapProbe, ssh);
    } catch (IllegalStateException e) {
      String refusal = policyRefusal();
      if (!refusal.isEmpty()) {
        // a refused policy is the first reason, as when it was checked before the sandbox
        System.err.println("itmcp-gateway: " + POLICY_REFUSED + refusal);
        return 2;
      }
      System.err.println("itmcp-gateway: refusing to start: " + e.getMessage());
      return 3;
    }
    if (!sandboxRuntime.sandboxed()) {
      StartNotes.warning(
          "WARNING: itmcp-gateway is running WITHOUT a sandbox (--allow-unsandboxed, and bubblewrap"
              + " does not work here): every tool runs directly on this machine as "
              + System.getProperty("user.name")
              + "; only the argument and policy checks protect it.");
    }
    try {
      return serve(sandboxRuntime, ToolCatalog.all(ssh), mcpOut);
    } catch (Exception e) {
      LOG.debug("serve failed", e);
      System.err.println("itmcp-gateway: cannot serve: " + e.getMessage());
      return 1;
    }
  }

  private int serve(SandboxRuntime sandboxRuntime, List<ToolDefinition> catalog, PrintStream mcpOut)
      throws Exception {
    // over stdio no /metrics is served: meters would only lengthen the start and every call
    Observability observability =
        options.transport.stdio ? Observability.unscraped() : Observability.standard();
    ReloadablePolicy live = new ReloadablePolicy(policy);
    ScheduledExecutorService reloadTimer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "itmcp-policy-reload");
              t.setDaemon(true);
              return t;
            });
    Path file = options.policy;
    try (AutoCloseable stopTimer = reloadTimer::shutdownNow;
        SandboxRuntime rt = sandboxRuntime;
        TracingSetup tracing = TracingSetup.of(options.otlpEndpoint, System.getenv());
        AuditSink audit =
            new TimedAuditSink(
                options.transport.stdio ? openStdioAudit() : options.openAudit(mcpOut),
                observability.metrics());
        SessionRegistry sessions =
            new SessionRegistry(rt, policy, live, System::nanoTime, sessionBounds);
        PolicyReloading reloading =
            file == null
                ? null
                : PolicyReloading.start(
                    file,
                    new PolicyReloader(file, policyTextAtStart, () -> loadPolicyFile(file), live),
                    Debouncer.onThread(reloadTimer),
                    true)) {
      observability = new Observability(observability.metrics(), tracing.tracing());
      sessions.startReaper(Duration.ofSeconds(5));
      InFlightCalls inFlight = new InFlightCalls();
      if (options.transport.stdio) {
        Identity local = new Identity(System.getProperty("user.name", "local"), List.of());
        ToolCallHandler handler =
            new ToolCallHandler(sessions, audit, inFlight, local, Clock.systemUTC())
                .observedBy(observability);
        McpServerFactory factory =
            new McpServerFactory(live::current, catalog, handler)
                .withRequestStateKey(requestStateKey);
        LOG.info(
            "serving {} tools over stdio for user {} with policy '{}' ({} runtime){}",
            factory.enabledTools().size(),
            local.user(),
            policy.name(),
            rt.name(),
            reloadNote());
        try {
          StdioGateway.serve(
              factory,
              inFlight,
              firstLine,
              mcpOut,
              StdioGateway.drainLimit(policy),
              live::listen,
              policyChecked);
        } catch (StartGate.Failed e) {
          // the same refusal (and exit code) as before the start, only after initialize was
          // answered
          System.err.println("itmcp-gateway: " + POLICY_REFUSED + e.getMessage());
          return 2;
        }
        return 0;
      }
      ToolCallHandler handler =
          new ToolCallHandler(sessions, audit, inFlight, null, Clock.systemUTC())
              .observedBy(observability);
      McpServerFactory factory =
          new McpServerFactory(live::current, catalog, handler)
              .withRequestStateKey(requestStateKey);
      try (HttpGateway gateway =
          HttpGateway.start(http, factory, sessions, inFlight, authenticator)) {
        LOG.info(
            "serving {} tools at http://{}:{}/mcp with policy '{}' ({} runtime); allowed Host names {}{}",
            factory.enabledTools().size(),
            http.host(),
            gateway.port(),
            policy.name(),
            rt.name(),
            http.allowedHosts(),
            reloadNote());
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "itmcp-shutdown"));
        gateway.await();
      }
      return 0;
    }
  }

  /** Why the policy's background check refused it (waiting for it); empty when it passed. */
  private String policyRefusal() {
    try {
      policyChecked.awaitPassed();
      return "";
    } catch (StartGate.Failed e) {
      return e.getMessage();
    }
  }

  /** Says how the policy follows its file (or that it cannot: it came from the environment). */
  private String reloadNote() {
    return options.policy == null
        ? "; the policy comes from the environment and holds until restart"
        : "; edits of " + options.policy + " (or SIGHUP) reload it";
  }

  /**
   * Over stdio the records go to a file (the given one, or the user's state directory), never to
   * stderr.
   */
  private AuditSink openStdioAudit() throws IOException {
    Path file =
        options.auditLog != null
            ? options.auditLog
            : AuditLocation.stdioDefault(System.getenv(), System.getProperty("user.home"));
    if (options.auditLog == null) {
      StartNotes.note(
          "itmcp-gateway: audit log: "
              + file
              + " (--audit-log FILE to choose; check it with"
              + " 'audit verify "
              + file
              + "')");
    }
    return HashChainedAuditLog.toFile(file);
  }
}
