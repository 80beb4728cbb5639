package io.itmcp.gateway.cli;

import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.gateway.audit.AuditSink;
import io.itmcp.gateway.audit.HashChainedAuditLog;
import io.itmcp.gateway.auth.oidc.OidcSettings;
import io.itmcp.gateway.http.HttpGatewayConfig;
import io.itmcp.gateway.http.HttpLimits;
import io.itmcp.gateway.runtime.kubernetes.KubernetesRuntimeSettings;
import io.itmcp.gateway.session.LegacySessionBounds;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The options of {@code serve}, as declared for picocli (a mixin of {@link ServeCommand}), and the
 * settings both launchers derive from them. Each derivation throws {@link IllegalArgumentException}
 * naming the option that is wrong; {@link ServeCommand} turns that into picocli's usage error.
 */
final class ServeOptions {

  @ArgGroup(exclusive = true, multiplicity = "1")
  Transport transport;

  static final class Transport {
    @Option(
        names = "--stdio",
        description = "MCP over stdin/stdout (one client, the local OS user)")
    boolean stdio;

    @Option(
        names = "--http",
        paramLabel = "HOST:PORT",
        description = "MCP Streamable HTTP at /mcp; HOST defaults to 127.0.0.1 (e.g. --http :8080)")
    String http;
  }

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description =
          "ItmcpPolicy YAML; without it ALLOWED_HOSTS, ALLOWED_DIRECTORIES, ALLOWED_REMOTE_COMMANDS,"
              + " SSH_CREDENTIALS_PATH and SSH_KEYS_PATH from the environment make the policy")
  Path policy;

  @Option(
      names = "--tokens",
      paramLabel = "FILE",
      description =
          "bearer tokens (HTTP): tokens: [{user: alice, groups: [netops], sha256: <hex of the token>}]")
  Path tokens;

  @Option(
      names = "--audit-log",
      paramLabel = "FILE",
      description =
          "append hash-chained audit records here (fsync per record); default: stdout for --http,"
              + " $XDG_STATE_HOME/itmcp/audit.jsonl (else ~/.local/state/itmcp/audit.jsonl) for --stdio")
  Path auditLog;

  @Option(
      names = "--runtime",
      defaultValue = "local",
      paramLabel = "local|kubernetes",
      description =
          "where commands run: local (bubblewrap on this machine) or kubernetes (one ItmcpSession and pod per"
              + " caller: user, policy and MCP client; policies from the cluster) (default: ${DEFAULT-VALUE})")
  RuntimeKind runtime;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      defaultValue = KubernetesRuntimeSettings.DEFAULT_NAMESPACE,
      description =
          "kubernetes runtime: the sandbox namespace of ItmcpPolicies, ItmcpSessions and their pods"
              + " (default: ${DEFAULT-VALUE})")
  String namespace;

  @Option(
      names = "--policy-name",
      paramLabel = "NAME",
      description =
          "kubernetes runtime: the ItmcpPolicy of plain /mcp; /mcp/<policy> names any other."
              + " Without it a client must name one")
  String policyName;

  @Option(
      names = "--auth",
      paramLabel = "tokenreview|tokens|oidc",
      description =
          "how bearer tokens are checked: tokenreview (Kubernetes TokenReview; the default with --runtime"
              + " kubernetes), tokens (the --tokens file; the default otherwise) or oidc (OAuth access tokens of"
              + " --oidc-issuer)")
  AuthMethod auth;

  @Option(
      names = "--oidc-issuer",
      paramLabel = "URL",
      description =
          "oidc: the authorization server's issuer URL (its metadata names the signing keys)")
  URI oidcIssuer;

  @Option(
      names = "--oidc-audience",
      paramLabel = "AUD",
      description = "oidc: this gateway's resource identifier; the token's aud must contain it")
  String oidcAudience;

  @Option(
      names = "--request-state-key-file",
      paramLabel = "FILE",
      description =
          "a file of at least 32 bytes (e.g. head -c 32 /dev/urandom) every replica shares: the key that seals"
              + " modern-era request state (approval questions), so that the retry may reach any replica (default: a"
              + " random key per process)")
  Path requestStateKeyFile;

  @Option(
      names = "--oidc-resource",
      paramLabel = "URL",
      description =
          "oidc: the gateway's public base URL as clients reach it (e.g. https://mcp.example.com behind a"
              + " TLS-terminating proxy): the RFC 9728 metadata and every 401 name resources under it, and without"
              + " --oidc-audience the audience is its /mcp (default: the origin each request reached)")
  URI oidcResource;

  @Option(
      names = "--oidc-username-claim",
      paramLabel = "CLAIM",
      defaultValue = OidcSettings.DEFAULT_USERNAME_CLAIM,
      description = "oidc: the claim naming the user (default: ${DEFAULT-VALUE})")
  String oidcUsernameClaim;

  @Option(
      names = "--oidc-groups-claim",
      paramLabel = "CLAIM",
      defaultValue = OidcSettings.DEFAULT_GROUPS_CLAIM,
      description = "oidc: the claim listing the user's groups (default: ${DEFAULT-VALUE})")
  String oidcGroupsClaim;

  @Option(
      names = "--oidc-required-scopes",
      split = ",",
      paramLabel = "SCOPE",
      description = "oidc: scopes every token must carry (else 403 insufficient_scope)")
  List<String> oidcRequiredScopes = List.of();

  @Option(
      names = "--oidc-client-id",
      paramLabel = "ID",
      description =
          "oidc: the gateway's client id at the issuer, to introspect opaque tokens (RFC 7662)")
  String oidcClientId;

  @Option(
      names = "--oidc-client-secret-file",
      paramLabel = "FILE",
      description = "oidc: a file holding the client secret for --oidc-client-id")
  Path oidcClientSecretFile;

  @Option(
      names = "--token-audiences",
      split = ",",
      paramLabel = "AUD",
      description =
          "tokenreview: audiences the token must be valid for (default: the API server's)")
  List<String> tokenAudiences = List.of();

  @Option(
      names = "--ready-timeout",
      paramLabel = "SECONDS",
      defaultValue = "90",
      description =
          "kubernetes runtime: how long the first call of a session waits for its sandbox pod"
              + " (default: ${DEFAULT-VALUE})")
  int readyTimeoutSeconds;

  @Option(
      names = "--ssh-mount-path",
      paramLabel = "DIR",
      defaultValue = SessionContract.SSH_MOUNT_PATH,
      description =
          "kubernetes runtime: where the operator mounts the policy's ssh Secret (id_ed25519, known_hosts)"
              + " inside the sandbox pod (default: ${DEFAULT-VALUE})")
  Path sshMountPath;

  @Option(
      names = "--allow-unsandboxed",
      description =
          "start even when bubblewrap cannot make a sandbox (commands then run unsandboxed; warned on start)")
  boolean allowUnsandboxed;

  @Option(
      names = "--allowed-hosts",
      split = ",",
      paramLabel = "NAME",
      description =
          "extra Host header names accepted over HTTP (DNS-rebinding protection); * accepts any")
  List<String> allowedHosts = List.of();

  @Option(
      names = "--allowed-origins",
      split = ",",
      paramLabel = "ORIGIN",
      description = "extra browser Origins accepted over HTTP, e.g. https://assistant.example.com")
  List<String> allowedOrigins = List.of();

  @Option(
      names = "--otlp-endpoint",
      paramLabel = "URL",
      description =
          "export traces over OTLP to this collector, e.g. http://otel-collector:4318 (OTEL_EXPORTER_OTLP_ENDPOINT"
              + " does the same; every other OTEL_* variable applies); default: no tracing")
  String otlpEndpoint;

  @Option(
      names = "--max-mcp-sessions-per-user",
      paramLabel = "N",
      defaultValue = "" + LegacySessionBounds.DEFAULT_PER_USER,
      description =
          "legacy MCP sessions (initialize) kept per user on this gateway; beyond it the user's least recently"
              + " used one is forgotten (its client gets 404 and initializes again), never a new one refused (default: ${DEFAULT-VALUE})")
  int maxMcpSessionsPerUser;

  @Option(
      names = "--max-mcp-sessions",
      paramLabel = "N",
      defaultValue = "" + LegacySessionBounds.DEFAULT_TOTAL,
      description =
          "legacy MCP sessions kept in all on this gateway, least recently used forgotten first (default: ${DEFAULT-VALUE})")
  int maxMcpSessions;

  @Option(
      names = "--max-body-bytes",
      defaultValue = "1048576",
      description = "HTTP request bodies above this get 413 (default: ${DEFAULT-VALUE})")
  int maxBodyBytes;

  @Option(
      names = "--request-read-timeout",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description =
          "HTTP: the whole request body must arrive within this after the headers, else 408 and the"
              + " connection is closed (default: ${DEFAULT-VALUE})")
  int requestReadTimeoutSeconds;

  @Option(
      names = "--max-connections-per-address",
      paramLabel = "N",
      defaultValue = "128",
      description =
          "HTTP: open connections one client address may hold; more get 429 and are closed; 0: no cap"
              + " (behind a proxy all clients share its address) (default: ${DEFAULT-VALUE})")
  int maxConnectionsPerAddress;

  @Option(
      names = "--max-requests-per-token",
      paramLabel = "N",
      defaultValue = "64",
      description =
          "HTTP: requests one bearer token may have in progress (SSE streams and running calls count);"
              + " more get 429; 0: no cap (default: ${DEFAULT-VALUE})")
  int maxRequestsPerToken;

  @Option(
      names = "--http-threads",
      paramLabel = "N",
      defaultValue = "200",
      description =
          "HTTP: worker threads, i.e. requests handled at once, running tool calls included"
              + " (default: ${DEFAULT-VALUE})")
  int httpThreads;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      defaultValue = "4096",
      description =
          "HTTP: open connections in all; more wait in the accept queue (default: ${DEFAULT-VALUE})")
  int maxConnections;

  /** The listener of {@code --http} with its bounds; throws naming what is wrong. */
  HttpGatewayConfig httpConfig() {
    return HttpGatewayConfig.parseListen(transport.http, allowedHosts, allowedOrigins, maxBodyBytes)
        .withLimits(
            HttpLimits.of(
                requestReadTimeoutSeconds,
                maxConnectionsPerAddress,
                maxRequestsPerToken,
                httpThreads,
                maxConnections));
  }

  LegacySessionBounds legacySessionBounds() {
    try {
      return new LegacySessionBounds(maxMcpSessionsPerUser, maxMcpSessions);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage() + " (--max-mcp-sessions-per-user, --max-mcp-sessions)", e);
    }
  }

  /** The {@code --audit-log} file, else the stream given (HTTP: stdout). */
  AuditSink openAudit(OutputStream fallback) throws IOException {
    return auditLog != null
        ? HashChainedAuditLog.toFile(auditLog)
        : HashChainedAuditLog.toStream(fallback);
  }

  /** {@code --request-state-key-file}: the shared key, or null for a random one per process. */
  byte[] requestStateKey() {
    if (requestStateKeyFile == null) {
      return null;
    }
    byte[] key;
    try {
      key = Files.readAllBytes(requestStateKeyFile);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read --request-state-key-file " + requestStateKeyFile + ": " + e);
    }
    if (key.length < 32) {
      throw new IllegalArgumentException(
          "--request-state-key-file "
              + requestStateKeyFile
              + " holds "
              + key.length
              + " bytes; it needs at least 32 (e.g. head -c 32 /dev/urandom > FILE)");
    }
    return key;
  }
}
