package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * What an AI assistant may do through ITMCP: the allow-lists and the sandbox they run in.
 *
 * <p>Cross-field rules the API server enforces: enabling the ssh tool requires {@code ssh} (whose
 * {@code secretRef} is required), since ssh without keys and known_hosts can only fail at call
 * time; every sandbox mount lies at or below an allowed directory, on a component boundary.
 */
@ValidationRule(
    value = "!has(self.tools) || !self.tools.exists(t, t == 'ssh') || has(self.ssh)",
    message =
        "the ssh tool needs spec.ssh.secretRef (keys and known_hosts): add spec.ssh or remove ssh from spec.tools",
    reason = "FieldValueRequired",
    fieldPath = ".tools")
@ValidationRule(
    value =
        "!has(self.sandbox) || !has(self.sandbox.mounts) || self.sandbox.mounts.all(m, "
            + "has(self.allowedDirectories) && self.allowedDirectories.exists(d, m.mountPath == d || m.mountPath.startsWith(d + '/')))",
    message = "every sandbox mount must lie at or below one of spec.allowedDirectories",
    reason = "FieldValueForbidden",
    fieldPath = ".sandbox.mounts")
public class ItmcpPolicySpec {

  /**
   * Enabled tools; absent means the original twelve except ssh and tcpdump (traceroute, http_check
   * and tls_check only when listed).
   */
  @Size(max = 15)
  @ValidationRule(
      value = "self.all(t, self.exists_one(u, u == t))",
      message = "each tool may be listed only once",
      reason = "FieldValueDuplicate")
  private List<@Size(max = ToolName.MAX_WIRE_LENGTH) ToolName> tools;

  /**
   * Hosts the network tools may reach: name, *.wildcard, IP, or CIDR, each optionally with :port.
   */
  @Size(max = 512)
  private List<@Size(min = 1, max = 261) @Pattern(SchemaPatterns.HOST_ENTRY) String> allowedHosts;

  /** Addresses dig and nslookup may name as their server. */
  @Size(max = 16)
  private List<@Size(min = 2, max = 39) @Pattern(SchemaPatterns.IP_ADDRESS) String> dnsServers;

  /** Absolute directories the file tools may read. */
  @Size(max = 64)
  private List<@Size(min = 2, max = 1024) @Pattern(SchemaPatterns.ABSOLUTE_DIRECTORY) String>
      allowedDirectories;

  /**
   * ssh commands allowed exactly as written (no further words); see remoteCommandRules for
   * arguments.
   */
  @Size(max = 512)
  private List<@Size(min = 1, max = 1024) @Pattern(SchemaPatterns.REMOTE_COMMAND) String>
      allowedRemoteCommands;

  /** ssh commands with the options and further words each may take. */
  @Size(max = 256)
  private List<RemoteCommandRule> remoteCommandRules;

  /** Credentials and per-host users for ssh. */
  private SshSpec ssh;

  /** How the sandbox pod is built. */
  private SandboxSpec sandbox;

  /** Session, rate, time and output limits. */
  private LimitsSpec limits;

  /** How the file tools treat hard links. */
  private FilesSpec files;

  /** Calls that need a person's approval before they run (asked through the MCP client). */
  private ApprovalSpec approval;

  public List<ToolName> getTools() {
    return tools;
  }

  public void setTools(List<ToolName> tools) {
    this.tools = tools;
  }

  public List<String> getAllowedHosts() {
    return allowedHosts;
  }

  public void setAllowedHosts(List<String> allowedHosts) {
    this.allowedHosts = allowedHosts;
  }

  public List<String> getDnsServers() {
    return dnsServers;
  }

  public void setDnsServers(List<String> dnsServers) {
    this.dnsServers = dnsServers;
  }

  public List<String> getAllowedDirectories() {
    return allowedDirectories;
  }

  public void setAllowedDirectories(List<String> allowedDirectories) {
    this.allowedDirectories = allowedDirectories;
  }

  public List<String> getAllowedRemoteCommands() {
    return allowedRemoteCommands;
  }

  public void setAllowedRemoteCommands(List<String> allowedRemoteCommands) {
    this.allowedRemoteCommands = allowedRemoteCommands;
  }

  public List<RemoteCommandRule> getRemoteCommandRules() {
    return remoteCommandRules;
  }

  public void setRemoteCommandRules(List<RemoteCommandRule> remoteCommandRules) {
    this.remoteCommandRules = remoteCommandRules;
  }

  public SshSpec getSsh() {
    return ssh;
  }

  public void setSsh(SshSpec ssh) {
    this.ssh = ssh;
  }

  public SandboxSpec getSandbox() {
    return sandbox;
  }

  public void setSandbox(SandboxSpec sandbox) {
    this.sandbox = sandbox;
  }

  public LimitsSpec getLimits() {
    return limits;
  }

  public void setLimits(LimitsSpec limits) {
    this.limits = limits;
  }

  public FilesSpec getFiles() {
    return files;
  }

  public void setFiles(FilesSpec files) {
    this.files = files;
  }

  public ApprovalSpec getApproval() {
    return approval;
  }

  public void setApproval(ApprovalSpec approval) {
    this.approval = approval;
  }
}
