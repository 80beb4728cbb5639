package io.itmcp.api.v1alpha1;

import java.util.List;

/** What an AI assistant may do through ITMCP: the allow-lists and the sandbox they run in. */
public class ItmcpPolicySpec {

  /** Enabled tools; absent means every tool except ssh and tcpdump. */
  private List<ToolName> tools;
  /** Hosts the network tools may reach: name, *.wildcard, IP, or CIDR, each optionally with :port. */
  private List<String> allowedHosts;
  /** Addresses dig and nslookup may name as their server. */
  private List<String> dnsServers;
  /** Absolute directories the file tools may read. */
  private List<String> allowedDirectories;
  /** ssh commands, matched as whole-token prefixes. */
  private List<String> allowedRemoteCommands;
  /** Credentials and per-host users for ssh. */
  private SshSpec ssh;
  /** How the sandbox pod is built. */
  private SandboxSpec sandbox;
  /** Session, rate, time and output limits. */
  private LimitsSpec limits;

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
}
