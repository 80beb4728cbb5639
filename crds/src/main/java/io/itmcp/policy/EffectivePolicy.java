package io.itmcp.policy;

import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpPolicySpec;
import io.itmcp.api.v1alpha1.SandboxMount;
import io.itmcp.api.v1alpha1.SandboxSharing;
import io.itmcp.api.v1alpha1.SandboxSpec;
import io.itmcp.api.v1alpha1.SshSpec;
import io.itmcp.api.v1alpha1.ToolName;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A policy spec compiled into the checks every tool call goes through; immutable.
 *
 * <p>{@link #compile}: absent {@code tools} means {@link ToolName#defaults()} (an explicit empty
 * list enables nothing); absent lists allow nothing; {@code limits} and sandbox timing get the
 * {@link Limits} defaults; {@code ssh.users} keys are hosts (canonicalised with {@link Host#parse})
 * and values user names ({@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,31}}); a tool listed twice is refused;
 * each {@code sandbox.mounts} entry needs a unique name, exactly one source and a unique,
 * normalised mountPath inside an allowed directory (the same rules as the CRD's CEL checks); absent
 * {@code sandbox.sharing} means {@link SandboxSharing#PerCaller}; absent {@code approval} means no
 * call needs a person's approval ({@link ApprovalPolicy}). A null spec is an empty spec.
 */
public record EffectivePolicy(
    String name,
    Set<ToolName> tools,
    HostPolicy hosts,
    DnsServerPolicy dnsServers,
    PathPolicy paths,
    RemoteCommandPolicy remoteCommands,
    Map<String, String> sshUsers,
    Limits limits,
    SandboxSharing sandboxSharing,
    ApprovalPolicy approval) {

  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}");

  public EffectivePolicy {
    EnumSet<ToolName> copy = EnumSet.noneOf(ToolName.class);
    if (tools != null) {
      copy.addAll(tools);
    }
    tools = Collections.unmodifiableSet(copy);
    sshUsers =
        sshUsers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sshUsers));
    sandboxSharing = sandboxSharing == null ? SandboxSharing.PerCaller : sandboxSharing;
    approval = approval == null ? ApprovalPolicy.none() : approval;
  }

  /** A policy under which no call needs approval. */
  public EffectivePolicy(
      String name,
      Set<ToolName> tools,
      HostPolicy hosts,
      DnsServerPolicy dnsServers,
      PathPolicy paths,
      RemoteCommandPolicy remoteCommands,
      Map<String, String> sshUsers,
      Limits limits,
      SandboxSharing sandboxSharing) {
    this(
        name,
        tools,
        hosts,
        dnsServers,
        paths,
        remoteCommands,
        sshUsers,
        limits,
        sandboxSharing,
        ApprovalPolicy.none());
  }

  /** The same policy with these approval rules. */
  public EffectivePolicy withApproval(ApprovalPolicy newApproval) {
    return new EffectivePolicy(
        name,
        tools,
        hosts,
        dnsServers,
        paths,
        remoteCommands,
        sshUsers,
        limits,
        sandboxSharing,
        newApproval);
  }

  /** A policy whose sandboxes are shared per caller (the default of {@code sandbox.sharing}). */
  public EffectivePolicy(
      String name,
      Set<ToolName> tools,
      HostPolicy hosts,
      DnsServerPolicy dnsServers,
      PathPolicy paths,
      RemoteCommandPolicy remoteCommands,
      Map<String, String> sshUsers,
      Limits limits) {
    this(
        name,
        tools,
        hosts,
        dnsServers,
        paths,
        remoteCommands,
        sshUsers,
        limits,
        SandboxSharing.PerCaller);
  }

  /**
   * Compiles a spec; malformed entries throw {@link IllegalArgumentException} naming field and
   * entry.
   */
  public static EffectivePolicy compile(String name, ItmcpPolicySpec spec) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a policy needs a name");
    }
    ItmcpPolicySpec s = spec == null ? new ItmcpPolicySpec() : spec;
    PathPolicy paths =
        PathPolicy.of(s.getAllowedDirectories())
            .withHardLinks(
                s.getFiles() != null && Boolean.TRUE.equals(s.getFiles().getAllowHardLinks()));
    checkMounts(s.getSandbox(), paths);
    return new EffectivePolicy(
        name,
        tools(s.getTools()),
        HostPolicy.of(s.getAllowedHosts()),
        DnsServerPolicy.of(s.getDnsServers()),
        paths,
        RemoteCommandPolicy.of(s.getAllowedRemoteCommands(), s.getRemoteCommandRules(), paths),
        sshUsers(s.getSsh()),
        Limits.from(s.getLimits(), s.getSandbox()),
        s.getSandbox() == null ? null : s.getSandbox().getSharing(),
        ApprovalPolicy.of(s.getApproval()));
  }

  /** Compiles a manifest under its {@code metadata.name}. */
  public static EffectivePolicy compile(ItmcpPolicy policy) {
    String name = policy.getMetadata() == null ? null : policy.getMetadata().getName();
    return compile(name, policy.getSpec());
  }

  /** Throws {@link PolicyRefusedException} (rule {@code tools}) when the tool is not enabled. */
  public void checkToolEnabled(ToolName tool) {
    if (tool == null || !tools.contains(tool)) {
      String enabled =
          tools.isEmpty()
              ? "nothing: no tool is enabled (tools is empty)"
              : "the enabled tools "
                  + tools.stream().map(ToolName::wireName).collect(Collectors.joining(", "));
      throw new PolicyRefusedException(
          Refusal.of(
              "tool",
              tool == null ? null : tool.wireName(),
              null,
              "tools",
              enabled + " (policy " + name + ")"));
    }
  }

  private static Set<ToolName> tools(List<ToolName> listed) {
    if (listed == null) {
      return ToolName.defaults();
    }
    EnumSet<ToolName> out = EnumSet.noneOf(ToolName.class);
    for (int i = 0; i < listed.size(); i++) {
      if (listed.get(i) == null) {
        throw new IllegalArgumentException("tools[" + i + "] is null");
      }
      if (!out.add(listed.get(i))) {
        throw new IllegalArgumentException(
            "tools[" + i + "] '" + listed.get(i).wireName() + "' is listed twice");
      }
    }
    return out;
  }

  /**
   * Each mount: a name, exactly one source, a unique normalised mountPath inside an allowed
   * directory.
   */
  private static void checkMounts(SandboxSpec sandbox, PathPolicy paths) {
    if (sandbox == null || sandbox.getMounts() == null) {
      return;
    }
    Set<String> names = new HashSet<>();
    Set<String> mountPaths = new HashSet<>();
    List<SandboxMount> mounts = sandbox.getMounts();
    for (int i = 0; i < mounts.size(); i++) {
      SandboxMount m = mounts.get(i);
      String field = "sandbox.mounts[" + i + "]";
      if (m == null || m.getName() == null || m.getName().isBlank()) {
        throw new IllegalArgumentException(field + ": a mount needs a name");
      }
      if ((m.getConfigMap() == null) == (m.getPersistentVolumeClaim() == null)) {
        throw new IllegalArgumentException(
            field + ": set exactly one of configMap or persistentVolumeClaim");
      }
      if (!names.add(m.getName())) {
        throw new IllegalArgumentException(
            field + ": the name " + Refusal.quote(m.getName()) + " is used twice");
      }
      String path;
      try {
        path = paths.check(m.getMountPath());
      } catch (PolicyRefusedException e) {
        throw new IllegalArgumentException(field + ".mountPath: " + e.getMessage(), e);
      }
      if (!path.equals(m.getMountPath())) {
        throw new IllegalArgumentException(
            field
                + ".mountPath "
                + Refusal.quote(m.getMountPath())
                + ": write it normalised, e.g. "
                + Refusal.quote(path));
      }
      if (!mountPaths.add(path)) {
        throw new IllegalArgumentException(
            field + ".mountPath " + Refusal.quote(path) + " is used twice");
      }
    }
  }

  private static Map<String, String> sshUsers(SshSpec ssh) {
    if (ssh == null || ssh.getUsers() == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : ssh.getUsers().entrySet()) {
      String field = "ssh.users[" + Refusal.quote(e.getKey()) + "]";
      String host;
      try {
        host = HostParser.parseOrThrow(e.getKey()).canonical();
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(
            field + ": the key is not a host: " + ex.getMessage(), ex);
      }
      String user = e.getValue();
      if (user == null || !USER_NAME.matcher(user).matches()) {
        throw new IllegalArgumentException(
            field
                + " "
                + Refusal.quote(user)
                + ": a user name is 1-32 of letters, digits, '_', '.', '-', not starting with '-' or '.'");
      }
      if (out.put(host, user) != null) {
        throw new IllegalArgumentException(
            field + ": the host is listed twice (after canonical parsing)");
      }
    }
    return out;
  }
}
