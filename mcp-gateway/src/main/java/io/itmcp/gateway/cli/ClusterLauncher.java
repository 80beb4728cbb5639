package io.itmcp.gateway.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.itmcp.gateway.audit.AuditSink;
import io.itmcp.gateway.auth.Authenticator;
import io.itmcp.gateway.cluster.ClusterGateway;
import io.itmcp.gateway.observe.GatewayMetrics;
import io.itmcp.gateway.observe.Observability;
import io.itmcp.gateway.runtime.kubernetes.KubernetesRuntimeSettings;
import io.itmcp.gateway.ssh.SandboxSshPaths;
import io.itmcp.gateway.tools.ToolCatalog;
import io.itmcp.gateway.tools.ToolDefinition;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve --runtime kubernetes}: HTTP only; policies, identities and sandboxes come from the
 * cluster.
 */
final class ClusterLauncher implements Launcher {

  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  private final ServeOptions options;
  private final ClusterGateway.Options gatewayOptions;
  private final KubernetesClient client;

  private ClusterLauncher(
      ServeOptions options, ClusterGateway.Options gatewayOptions, KubernetesClient client) {
    this.options = options;
    this.gatewayOptions = gatewayOptions;
    this.client = client;
  }

  /** Checks the options and makes the cluster's client; throws saying which option is wrong. */
  static ClusterLauncher prepare(ServeOptions o) {
    if (o.transport.http == null) {
      throw new IllegalArgumentException(
          "--runtime kubernetes serves over --http HOST:PORT (each MCP session"
              + " becomes an ItmcpSession of an authenticated user; stdio has no such user)");
    }
    if (o.policy != null) {
      throw new IllegalArgumentException(
          "--runtime kubernetes reads ItmcpPolicies from namespace "
              + o.namespace
              + "; --policy FILE is for the local runtime (name the cluster's default with --policy-name)");
    }
    Authenticator authenticator =
        switch (o.auth == null ? AuthMethod.tokenreview : o.auth) {
          case tokenreview -> {
            if (o.tokens != null) {
              throw new IllegalArgumentException(
                  "--tokens is used with --auth tokens; the default here is --auth tokenreview");
            }
            yield null;
          }
          case tokens -> {
            if (o.tokens == null) {
              throw new IllegalArgumentException("--auth tokens needs --tokens FILE");
            }
            yield Authenticators.tokenFile(o.tokens);
          }
          case oidc -> Authenticators.oidc(o);
        };
    if (o.readyTimeoutSeconds < 1) {
      throw new IllegalArgumentException("--ready-timeout must be at least 1 second");
    }
    KubernetesRuntimeSettings settings =
        KubernetesRuntimeSettings.defaults(o.namespace)
            .withReadyTimeout(Duration.ofSeconds(o.readyTimeoutSeconds));
    String instance = System.getenv().getOrDefault("POD_NAME", "itmcp-gateway");
    ClusterGateway.Options gatewayOptions =
        new ClusterGateway.Options(
            o.httpConfig(),
            settings,
            o.policyName,
            authenticator,
            o.tokenAudiences,
            instance,
            toolCatalog(o.sshMountPath),
            o.legacySessionBounds(),
            o.requestStateKey());
    return new ClusterLauncher(o, gatewayOptions, RuntimeFactory.kubernetesClient());
  }

  /**
   * The tools of the kubernetes runtime. ssh runs inside the session pod, so its key and
   * known_hosts are the ssh Secret the operator mounts there, never files of the gateway's host.
   */
  static List<ToolDefinition> toolCatalog(Path sshMountPath) {
    return ToolCatalog.all(SandboxSshPaths.mountedAt(sshMountPath));
  }

  @Override
  public int launch(PrintStream out) {
    try (KubernetesClient k = client) {
      AuditSink auditSink = options.openAudit(out);
      try (TracingSetup tracing = TracingSetup.of(options.otlpEndpoint, System.getenv());
          ClusterGateway gateway =
              ClusterGateway.start(
                  k,
                  gatewayOptions,
                  auditSink,
                  new Observability(GatewayMetrics.prometheus(), tracing.tracing()))) {
        LOG.info(
            "serving at http://{}:{}/mcp (policy {}) and /mcp/<policy>; sessions, pods and policies in namespace {};"
                + " tokens checked by {}; allowed Host names {}",
            gatewayOptions.http().host(),
            gateway.port(),
            options.policyName == null ? "none: name one in the path" : options.policyName,
            options.namespace,
            gatewayOptions.authenticator() == null ? "TokenReview" : "--auth " + options.auth,
            gatewayOptions.http().allowedHosts());
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
}
