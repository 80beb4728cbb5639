package io.itmcp.gateway.tools.network;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.ssh.SshCredentials;
import io.itmcp.gateway.tools.ParameterizedTool;
import io.itmcp.gateway.tools.ToolArgumentException;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.gateway.tools.args.Param;
import io.itmcp.gateway.tools.args.SafeText;
import io.itmcp.gateway.tools.args.ToolArguments;
import io.itmcp.gateway.tools.args.ToolParameters;
import io.itmcp.policy.Access;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyRefusedException;
import io.itmcp.policy.Refusal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ssh_tool: runs one allowed command on an allowed host.
 *
 * <pre>
 * ssh -F none -T -n -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=KNOWN_HOSTS
 *     -o GlobalKnownHostsFile=none -o UpdateHostKeys=no -o IdentitiesOnly=yes -o IdentityAgent=none
 *     -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no -o ConnectTimeout=10
 *     -o ControlMaster=no -o ControlPath=none -o ForwardAgent=no -o ForwardX11=no
 *     -o ClearAllForwardings=yes -o PermitLocalCommand=no
 *     -i KEY -p PORT -l USER -- HOST TOKEN...
 * </pre>
 *
 * <ul>
 *   <li>{@code -F none}: no user or system ssh_config (which could add a ProxyCommand or
 *       LocalCommand); every setting that matters is on the command line.
 *   <li>Host keys are checked only against the configured known_hosts file; an unknown or changed
 *       key fails the call. Key authentication only; no password ever reaches ssh.
 *   <li>The host is checked as a TCP connection to PORT. The user must look like a Unix user name;
 *       when the policy's {@code ssh.users} (or the credentials file) maps the host to a user, any
 *       other user is refused rather than silently replaced.
 *   <li>The command must pass {@code allowedRemoteCommands} (exact commands) or {@code
 *       remoteCommandRules} (named options, then none, absolute paths inside the allowed
 *       directories, patterns, or any words; shell metacharacters refused); its tokens are passed
 *       separately after the host, and, because the remote side hands them to a shell, each token
 *       is also held to a conservative character set here ({@code A-Z a-z 0-9 _ . / : = , @ % +
 *       -}).
 *   <li>ssh parses options with getopt, so {@code --} ends them before the host.
 * </ul>
 */
public final class SshTool extends ParameterizedTool {

  private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");
  private static final Pattern SAFE_CONFIG_PATH = Pattern.compile("/[A-Za-z0-9_./@+,=-]*");
  private static final Pattern REMOTE_TOKEN = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

  private final SshCredentials credentials;

  public SshTool(SshCredentials credentials) {
    super(
        ToolName.SSH,
        ToolParameters.of(
            Param.requiredText("target", "Host to connect to; must be an allowed host"),
            Param.requiredText("user", "Remote user name").withMaxLength(32),
            Param.requiredText(
                    "command", "Command to run; must be one of the allowed remote commands")
                .withMaxLength(1024),
            Param.integer("port", "SSH port", 22, 1, 65535)));
    this.credentials = credentials;
  }

  /**
   * 255 is ssh's own failure (connect, host key, authentication); any other code is the remote
   * command's.
   */
  @Override
  public Optional<String> failureToRun(ExecResult result) {
    return !result.timedOut() && result.exitCode() == 255
        ? Optional.of("ssh could not connect, verify the host key or authenticate (exit 255)")
        : Optional.empty();
  }

  @Override
  public String title() {
    return "Run an allowed command over SSH";
  }

  @Override
  public String description(EffectivePolicy policy) {
    return "Run one command on a host over SSH (key authentication, verified host keys). Allowed hosts: "
        + policy.hosts().describe()
        + ". Allowed commands (whole words; nothing may follow a command unless"
        + " its rule says so, and options only where named): "
        + policy.remoteCommands().describe()
        + ".";
  }

  @Override
  public boolean openWorld() {
    return true;
  }

  @Override
  protected ToolPlan build(ToolArguments args, EffectivePolicy policy) {
    int port = args.integer("port");
    String host = policy.hosts().check(args.text("target"), Access.tcp(port)).canonical();
    String user = checkedUser(args.text("user"), host, policy);
    List<String> command = policy.remoteCommands().check(args.text("command"));
    for (String token : command) {
      if (!REMOTE_TOKEN.matcher(token).matches()) {
        throw new PolicyRefusedException(
            new Refusal(
                token,
                "allowedRemoteCommands.characters",
                "tokens of letters, digits and _ . / : = , @ % + -"));
      }
    }
    Path key =
        credentials
            .keyFor(host)
            .orElseThrow(
                () ->
                    new PolicyRefusedException(
                        new Refusal(
                            "ssh to " + host,
                            "ssh.credentials",
                            "hosts with a private key in SSH_KEYS_PATH (<host>, <host>.key, id_ed25519, id_ecdsa, id_rsa) or in SSH_CREDENTIALS_PATH")));
    Path knownHosts =
        credentials
            .knownHosts()
            .orElseThrow(
                () ->
                    new PolicyRefusedException(
                        new Refusal(
                            "ssh to " + host,
                            "ssh.knownHosts",
                            "hosts listed in a known_hosts file (SSH_KNOWN_HOSTS, or known_hosts in SSH_KEYS_PATH)")));
    // ssh splits UserKnownHostsFile on spaces and expands % and ~ in it and in -i.
    requireSafeConfigPath(knownHosts, "ssh.knownHosts.path");
    requireSafeConfigPath(key, "ssh.credentials.path");
    List<String> argv = new ArrayList<>(List.of("ssh", "-F", "none", "-T", "-n"));
    for (String option :
        List.of(
            "BatchMode=yes",
            "StrictHostKeyChecking=yes",
            "UserKnownHostsFile=" + knownHosts,
            "GlobalKnownHostsFile=none",
            "UpdateHostKeys=no",
            "IdentitiesOnly=yes",
            "IdentityAgent=none",
            "PasswordAuthentication=no",
            "KbdInteractiveAuthentication=no",
            "ConnectTimeout=10",
            "ControlMaster=no",
            "ControlPath=none",
            "ForwardAgent=no",
            "ForwardX11=no",
            "ClearAllForwardings=yes",
            "PermitLocalCommand=no")) {
      argv.add("-o");
      argv.add(option);
    }
    argv.addAll(
        List.of("-i", key.toString(), "-p", Integer.toString(port), "-l", user, "--", host));
    argv.addAll(command);
    return ToolPlan.run(argv, ExecTarget.SANDBOX, user + "@" + host + ":" + port);
  }

  private static void requireSafeConfigPath(Path path, String rule) {
    if (!SAFE_CONFIG_PATH.matcher(path.toString()).matches()) {
      throw new PolicyRefusedException(
          new Refusal(
              path.toString(),
              rule,
              "an absolute path of letters, digits and _ . / @ + , = - (no spaces, quotes, '%' or '~')"));
    }
  }

  private String checkedUser(String user, String host, EffectivePolicy policy) {
    if (!USER.matcher(user).matches()) {
      throw new ToolArgumentException(
          "'user' "
              + SafeText.quote(user)
              + " is not a user name (a letter or '_', then letters, digits, '_', '.', '-'; at most 32)");
    }
    Optional<String> mapped =
        Optional.ofNullable(policy.sshUsers())
            .map(m -> m.get(host))
            .or(() -> credentials.userFor(host));
    if (mapped.isPresent() && !mapped.get().equals(user)) {
      throw new PolicyRefusedException(
          new Refusal(user + "@" + host, "ssh.users", mapped.get() + "@" + host));
    }
    return user;
  }
}
