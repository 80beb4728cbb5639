package io.itmcp.gateway.cli;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpPolicySpec;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.policy.HostPolicy;
import io.itmcp.policy.PathPolicy;
import io.itmcp.policy.Refusal;
import io.itmcp.policy.RemoteCommandPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The policy of {@code serve} without {@code --policy}: the original ITMCP environment variables,
 * read into an ItmcpPolicy so the rest of the gateway knows only one kind of policy.
 *
 * <p>{@code ALLOWED_HOSTS}, {@code ALLOWED_DIRECTORIES}, {@code ALLOWED_REMOTE_COMMANDS} are
 * comma-separated lists (entries trimmed, empty entries dropped; unset means empty, which allows
 * nothing). {@code ALLOWED_REMOTE_COMMANDS} entries are exact commands, like {@code
 * allowedRemoteCommands} (the original matched them as prefixes; a command that takes arguments
 * needs a policy file's {@code remoteCommandRules}; {@link LegacyEnvironment} says so at start).
 * The policy is named {@value #POLICY_NAME}. Tools: {@link ToolName#defaults()}, plus {@code ssh}
 * when {@code ALLOWED_REMOTE_COMMANDS} is non-empty (the original exposed ssh_tool); a non-blank
 * {@code ITMCP_TOOLS} (comma-separated names, {@code ping} or {@code ping_tool}) replaces that list
 * entirely. A malformed entry throws {@link IllegalArgumentException} naming the variable and the
 * entry.
 */
public final class EnvironmentPolicy {

  public static final String POLICY_NAME = "env";

  private EnvironmentPolicy() {}

  public static ItmcpPolicy from(Map<String, String> env) {
    List<String> hosts = list(env.get("ALLOWED_HOSTS"));
    List<String> directories = list(env.get("ALLOWED_DIRECTORIES"));
    List<String> commands = list(env.get("ALLOWED_REMOTE_COMMANDS"));
    PathPolicy paths = PathPolicy.of("ALLOWED_DIRECTORIES", directories);
    HostPolicy.of("ALLOWED_HOSTS", hosts);
    RemoteCommandPolicy.of("ALLOWED_REMOTE_COMMANDS", commands, paths);

    ItmcpPolicySpec spec = new ItmcpPolicySpec();
    spec.setAllowedHosts(hosts);
    spec.setAllowedDirectories(directories);
    spec.setAllowedRemoteCommands(commands);
    spec.setTools(tools(env.get("ITMCP_TOOLS"), !commands.isEmpty()));
    ItmcpPolicy policy = new ItmcpPolicy();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(POLICY_NAME);
    policy.setMetadata(meta);
    policy.setSpec(spec);
    return policy;
  }

  private static List<ToolName> tools(String itmcpTools, boolean sshCommandsGiven) {
    if (itmcpTools == null || itmcpTools.isBlank()) {
      EnumSet<ToolName> tools = EnumSet.copyOf(ToolName.defaults());
      if (sshCommandsGiven) {
        tools.add(ToolName.SSH);
      }
      return new ArrayList<>(tools);
    }
    EnumSet<ToolName> tools = EnumSet.noneOf(ToolName.class);
    for (String name : list(itmcpTools)) {
      String wire = name.toLowerCase(Locale.ROOT);
      wire = wire.endsWith("_tool") ? wire.substring(0, wire.length() - "_tool".length()) : wire;
      try {
        tools.add(ToolName.fromWire(wire));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "ITMCP_TOOLS: unknown tool "
                + Refusal.quote(name)
                + "; known tools: "
                + String.join(
                    ", ", Arrays.stream(ToolName.values()).map(ToolName::wireName).toList()),
            e);
      }
    }
    return new ArrayList<>(tools);
  }

  private static List<String> list(String value) {
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
