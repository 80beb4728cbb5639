package io.itmcp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The twelve tools; the wire form is the lower-case name (`ssh`), the MCP tool is `ssh_tool`. */
public enum ToolName {
  SSH, PING, NSLOOKUP, TELNET, DIG, TCPDUMP, PS, TOP, CAT, GREP, HEAD, TAIL, HTTP_CHECK;

  /** Enabled when a policy does not list its tools: the original twelve but ssh and tcpdump; newer tools are enabled explicitly. */
  public static Set<ToolName> defaults() {
    Set<ToolName> all = EnumSet.allOf(ToolName.class);
    all.remove(SSH);
    all.remove(TCPDUMP);
    all.remove(HTTP_CHECK);
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
        .orElseThrow(() -> new IllegalArgumentException(
            "unknown tool '" + value + "'; known tools: " + Arrays.toString(values()).toLowerCase(Locale.ROOT)));
  }
}
