package io.itmcp.gateway.server;

import io.modelcontextprotocol.spec.ProtocolVersions;
import java.util.List;
import java.util.Locale;

/**
 * Which MCP era and protocol version a request used: legacy (an {@code initialize} handshake opened
 * a session, 2025-11-25 and earlier) or modern (2026-07-28: every request carries its version in
 * {@code _meta}, no session). The audit record names both.
 *
 * @param version the protocol version; null where the transport did not say (a 2025-03-26 HTTP
 *     client sends no {@code MCP-Protocol-Version} header)
 */
public record CallProtocol(Era era, String version) {

  /** The modern revision the gateway serves. */
  public static final String MODERN_VERSION = "2026-07-28";

  /**
   * The legacy revisions the SDK's legacy stdio server negotiates (HTTP: all but 2024-11-05),
   * newest first.
   */
  public static final List<String> LEGACY_VERSIONS =
      List.of(
          ProtocolVersions.MCP_2025_11_25,
          ProtocolVersions.MCP_2025_06_18,
          ProtocolVersions.MCP_2025_03_26,
          ProtocolVersions.MCP_2024_11_05);

  public static final CallProtocol LEGACY_UNKNOWN = new CallProtocol(Era.LEGACY, null);

  public static CallProtocol legacy(String version) {
    return new CallProtocol(Era.LEGACY, version == null || version.isBlank() ? null : version);
  }

  public static CallProtocol modern(String version) {
    return new CallProtocol(Era.MODERN, version);
  }

  /**
   * The version the SDK's legacy server answers to an {@code initialize} that asked for {@code
   * requested}: that one if it knows it, else its newest.
   */
  public static String negotiatedLegacy(String requested) {
    return requested != null && LEGACY_VERSIONS.contains(requested)
        ? requested
        : LEGACY_VERSIONS.get(0);
  }

  /** The two eras of MCP. */
  public enum Era {
    LEGACY,
    MODERN;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
