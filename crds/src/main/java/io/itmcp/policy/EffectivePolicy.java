package io.itmcp.policy;

import io.itmcp.api.v1alpha1.ItmcpPolicySpec;
import io.itmcp.api.v1alpha1.ToolName;
import java.util.Map;
import java.util.Set;

/** A policy spec compiled into the checks every tool call goes through; immutable. */
public record EffectivePolicy(
    String name,
    Set<ToolName> tools,
    HostPolicy hosts,
    DnsServerPolicy dnsServers,
    PathPolicy paths,
    RemoteCommandPolicy remoteCommands,
    Map<String, String> sshUsers,
    Limits limits) {

  /** Compiles a spec; malformed entries throw {@link IllegalArgumentException} naming field and entry. */
  public static EffectivePolicy compile(String name, ItmcpPolicySpec spec) {
    throw new UnsupportedOperationException("policy engine");
  }

  /** Throws {@link PolicyRefusedException} (rule {@code tools}) when the tool is not enabled. */
  public void checkToolEnabled(ToolName tool) {
    throw new UnsupportedOperationException("policy engine");
  }
}
