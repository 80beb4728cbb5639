package io.itmcp.gateway.tools.network;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.tools.OrderedMaps;
import io.itmcp.gateway.tools.ParameterizedTool;
import io.itmcp.gateway.tools.ToolArgumentException;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.gateway.tools.args.Param;
import io.itmcp.gateway.tools.args.SafeText;
import io.itmcp.gateway.tools.args.ToolArguments;
import io.itmcp.gateway.tools.args.ToolParameters;
import io.itmcp.policy.Access;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.Host;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * tls_check_tool: {@code openssl s_client -connect HOST:PORT (-servername NAME | -noservername)
 * (-verify_hostname NAME | -verify_ip IP) -CAfile /etc/ssl/certs/ca-certificates.crt -no-CApath
 * -no-CAstore -showcerts}, with empty stdin, so s_client completes the handshake, prints the
 * session and the chain, and closes; nothing is sent to the server.
 *
 * <p>The target needs an allowedHosts entry for the port (as for telnet_tool); the SNI name ({@code
 * servername}, by default the target when it is a name) must itself be covered by an entry, and may
 * not be an IP address (RFC 6066 has no IP SNI), so an IP target is checked without SNI and
 * verified against the address. Verification uses exactly the sandbox image's CA bundle (no other
 * store) and the name; a chain that does not verify is an answer with the reason. The chain is
 * parsed in the gateway from the PEM s_client printed ({@link CertificateChainReader}, the JDK's
 * CertificateFactory). All values in the argv are a canonical host and a number from the policy
 * engine and the schema; none can start with '-'.
 */
public final class TlsCheckTool extends ParameterizedTool {

  static final String CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

  /** s_client has no connect timeout of its own; a silent host is stopped by this deadline. */
  static final Duration DEADLINE = Duration.ofSeconds(15);

  private final CertificateChainReader chainReader;

  public TlsCheckTool() {
    this(Clock.systemUTC());
  }

  /** With the clock that counts a certificate's days left. */
  public TlsCheckTool(Clock clock) {
    super(
        ToolName.TLS_CHECK,
        ToolParameters.of(
            Param.requiredText(
                "target", "Host name or IP address; must be an allowed host for this port"),
            Param.integer("port", "TCP port of the TLS service", 443, 1, 65535),
            Param.optionalText(
                "servername",
                "Name to send as SNI and to verify the certificate against"
                    + " (default: the target when it is a name); must be an allowed host")));
    this.chainReader = new CertificateChainReader(clock);
  }

  /**
   * A completed handshake is the answer, whether or not it verifies; no handshake (refused, silent,
   * not TLS) is not.
   */
  @Override
  public Optional<String> failureToRun(ExecResult result) {
    if (result.timedOut()) {
      return Optional.empty();
    }
    if (TlsClientOutput.read(result.stdout()).handshakeCompleted()) {
      return Optional.empty();
    }
    return Optional.of(
        "no TLS handshake completed (openssl exit "
            + result.exitCode()
            + ": "
            + firstError(result.stderr())
            + ")");
  }

  @Override
  public String title() {
    return "Check a TLS certificate";
  }

  @Override
  public String description(EffectivePolicy policy) {
    return "Connect to a TLS port and report the protocol, cipher and certificate chain (subject, issuer, SANs,"
        + " validity and days left, key, signature) and whether it verifies against the sandbox's CA bundle and"
        + " the name (an unverified chain is an answer, with the reason). Allowed hosts: "
        + policy.hosts().describe()
        + ".";
  }

  @Override
  public boolean openWorld() {
    return true;
  }

  @Override
  public Map<String, Object> structuredProperties() {
    return TlsCheckFields.schema();
  }

  @Override
  protected ToolPlan build(ToolArguments args, EffectivePolicy policy) {
    int port = args.integer("port");
    Host target = policy.hosts().check(args.text("target"), Access.tcp(port));
    Optional<String> sni = serverName(args, target, policy);
    List<String> argv =
        new ArrayList<>(List.of("openssl", "s_client", "-connect", hostPort(target, port)));
    if (sni.isPresent()) {
      argv.addAll(List.of("-servername", sni.get(), "-verify_hostname", sni.get()));
    } else {
      argv.addAll(List.of("-noservername", "-verify_ip", target.canonical()));
    }
    argv.addAll(List.of("-CAfile", CA_BUNDLE, "-no-CApath", "-no-CAstore", "-showcerts"));
    String checkedName = sni.orElse(target.canonical());
    return ToolPlan.run(argv, ExecTarget.SANDBOX, target.canonical() + ":" + port)
        .withOutputFilter(TlsClientOutput::forText)
        .withTimeout(DEADLINE)
        .withStructuredOutput(result -> fields(result, checkedName));
  }

  private Map<String, Object> fields(ExecResult result, String checkedName) {
    TlsClientOutput out = TlsClientOutput.read(result.stdout());
    return TlsCheckFields.of(out, chainReader.read(out.pemCertificates()), checkedName);
  }

  private static Optional<String> serverName(
      ToolArguments args, Host target, EffectivePolicy policy) {
    Optional<String> given = args.optionalText("servername");
    if (given.isEmpty()) {
      return target instanceof Host.Name name ? Optional.of(name.ascii()) : Optional.empty();
    }
    Host sni = policy.hosts().check(given.get(), Access.lookup());
    if (!(sni instanceof Host.Name name)) {
      throw new ToolArgumentException(
          "'servername' "
              + SafeText.quote(given.get())
              + " is an IP address; SNI carries only names (RFC 6066): leave servername out to check an address");
    }
    return Optional.of(name.ascii());
  }

  private static String hostPort(Host host, int port) {
    String h = host.canonical();
    return (host instanceof Host.Address && h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + port;
  }

  private static String firstError(String stderr) {
    for (String line : stderr.split("\n")) {
      String l = line.strip();
      if (l.contains("errno=") || l.contains(":error:") || l.startsWith("connect")) {
        return l.length() > 300 ? l.substring(0, 300) + "..." : l;
      }
    }
    return "see stderr";
  }

  /** The tool's own structuredContent fields and their schema. */
  static final class TlsCheckFields {
    private TlsCheckFields() {}

    static Map<String, Object> of(
        TlsClientOutput out, List<Map<String, Object>> chain, String checkedName) {
      Map<String, Object> fields = new LinkedHashMap<>();
      out.protocol().ifPresent(p -> fields.put("protocol", p));
      out.cipher().ifPresent(c -> fields.put("cipher", c));
      // s_client prints "Verify return code: 0 (ok)" even when no certificate was ever seen
      if (out.handshakeCompleted() && !chain.isEmpty() && out.verifyCode().isPresent()) {
        int code = out.verifyCode().getAsInt();
        fields.put("verified", code == 0);
        fields.put(
            "verification",
            OrderedMaps.of(
                "code",
                code,
                "reason",
                out.verifyReason().orElse(""),
                "name",
                checkedName,
                "caBundle",
                CA_BUNDLE));
      }
      fields.put("chain", chain);
      return fields;
    }

    static Map<String, Object> schema() {
      Map<String, Object> cert = new LinkedHashMap<>();
      cert.put("type", "object");
      Map<String, Object> p = new LinkedHashMap<>();
      p.put(
          "subject",
          OrderedMaps.of("type", "string", "description", "RFC 2253 distinguished name"));
      p.put("issuer", OrderedMaps.of("type", "string"));
      p.put(
          "subjectAltNames",
          OrderedMaps.of(
              "type",
              "array",
              "items",
              OrderedMaps.of("type", "string"),
              "description",
              "DNS:name, IP:address, URI:..., email:..."));
      p.put("notBefore", OrderedMaps.of("type", "string", "description", "ISO-8601 instant"));
      p.put("notAfter", OrderedMaps.of("type", "string", "description", "ISO-8601 instant"));
      p.put(
          "daysLeft",
          OrderedMaps.of(
              "type",
              "integer",
              "description",
              "whole days until notAfter; negative once expired"));
      p.put("keyType", OrderedMaps.of("type", "string", "description", "RSA, EC, Ed25519, ..."));
      p.put("keySize", OrderedMaps.of("type", "integer", "description", "bits"));
      p.put("signatureAlgorithm", OrderedMaps.of("type", "string"));
      p.put("serialNumber", OrderedMaps.of("type", "string", "description", "hexadecimal"));
      p.put("selfIssued", OrderedMaps.of("type", "boolean"));
      p.put(
          "sha256",
          OrderedMaps.of(
              "type", "string", "description", "SHA-256 fingerprint of the DER certificate"));
      p.put(
          "unreadable",
          OrderedMaps.of(
              "type", "string", "description", "why the JDK could not read this certificate"));
      cert.put("properties", p);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put(
          "protocol",
          OrderedMaps.of(
              "type", "string", "description", "negotiated protocol version, e.g. TLSv1.3"));
      fields.put(
          "cipher", OrderedMaps.of("type", "string", "description", "negotiated cipher suite"));
      fields.put(
          "verified",
          OrderedMaps.of(
              "type",
              "boolean",
              "description",
              "whether the chain verifies against the sandbox image's CA bundle and the name"));
      fields.put(
          "verification",
          OrderedMaps.of(
              "type",
              "object",
              "properties",
              OrderedMaps.of(
                  "code",
                      OrderedMaps.of(
                          "type",
                          "integer",
                          "description",
                          "OpenSSL verify result, 0 when verified"),
                  "reason",
                      OrderedMaps.of(
                          "type",
                          "string",
                          "description",
                          "e.g. ok, self-signed certificate, hostname mismatch"),
                  "name",
                      OrderedMaps.of(
                          "type",
                          "string",
                          "description",
                          "the name or address the certificate was checked against"),
                  "caBundle", OrderedMaps.of("type", "string"))));
      fields.put(
          "chain",
          OrderedMaps.of(
              "type", "array", "items", cert, "description", "as the server sent it, leaf first"));
      return fields;
    }
  }
}
