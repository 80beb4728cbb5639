package io.itmcp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The tools: the original ITMCP's twelve, then traceroute, http_check and tls_check (issue 14). The
 * wire form is the lower-case name ({@code ssh}, {@code http_check}), the MCP tool is {@code
 * ssh_tool}.
 */
public enum ToolName {
  SSH,
  PING,
  NSLOOKUP,
  TELNET,
  DIG,
  TCPDUMP,
  PS,
  TOP,
  CAT,
  GREP,
  HEAD,
  TAIL,
  TRACEROUTE,
  HTTP_CHECK,
  TLS_CHECK;

  /** The longest wire name (the CRD's bound on a {@code tools} item). */
  public static final int MAX_WIRE_LENGTH = 10;

  /**
   * Enabled when a policy does not list its tools: the original twelve but ssh and tcpdump. The
   * three later tools are enabled only by naming them, so a policy written before they existed does
   * not gain them (and the new ports and probes they use) by an upgrade.
   */
  public static Set<ToolName> defaults() {
    Set<ToolName> all = EnumSet.range(SSH, TAIL);
    all.remove(SSH);
    all.remove(TCPDUMP);
    return all;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The MCP tool name of the original ITMCP, e.g. {@code ping_tool}. */
  public String mcpName() {
    return wireName() + "_tool";
  }

  @JsonCreator
  public static ToolName fromWire(String value) {
    return Arrays.stream(values())
        .filter(t -> t.wireName().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown tool '"
                        + value
                        + "'; known tools: "
                        + Arrays.toString(values()).toLowerCase(Locale.ROOT)));
  }
}
