package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.api.v1alpha1.RemoteArguments;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.ssh.SshKeyDirectory;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.gateway.tools.files.CatTool;
import io.itmcp.gateway.tools.files.GrepTool;
import io.itmcp.gateway.tools.files.HeadTool;
import io.itmcp.gateway.tools.files.TailTool;
import io.itmcp.gateway.tools.network.CaptureScope;
import io.itmcp.gateway.tools.network.DigTool;
import io.itmcp.gateway.tools.network.NslookupTool;
import io.itmcp.gateway.tools.network.PingTool;
import io.itmcp.gateway.tools.network.SshTool;
import io.itmcp.gateway.tools.network.TcpdumpTool;
import io.itmcp.gateway.tools.network.TelnetTool;
import io.itmcp.gateway.tools.process.PsTool;
import io.itmcp.gateway.tools.process.TopTool;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyRefusedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact argv each tool builds for good input. */
class ToolPlanArgvTest {

  @TempDir static Path keys;
  static SshKeyDirectory credentials;

  static final EffectivePolicy POLICY =
      TestPolicies.builder()
          .hosts(
              "db.example.com",
              "127.0.0.1",
              "2001:db8::/64",
              "10.0.0.0/24",
              "firewall.local:22",
              "gw.example.com:2222")
          .dnsServers("192.0.2.53")
          .directories("/var/log", "/srv/data")
          .remoteCommands("uname -a", "cat /etc/hostname")
          .remoteCommandRule("show interface", RemoteArguments.ANY)
          .sshUsers(Map.of("gw.example.com", "netops"))
          .toolTimeoutSeconds(30)
          .build();

  @BeforeAll
  static void keys() throws IOException {
    Files.writeString(keys.resolve("id_ed25519"), "not a real key\n");
    Files.writeString(keys.resolve("firewall.local"), "not a real key\n");
    Files.writeString(keys.resolve("known_hosts"), "");
    credentials = SshKeyDirectory.mountedSecret(keys);
  }

  private static Map<String, Object> args(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void catalogHasEveryToolInOrderWithStrictSchemas() {
    List<ToolDefinition> all = ToolCatalog.all(credentials);
    assertThat(all)
        .extracting(t -> t.name().mcpName())
        .containsExactly(
            "ssh_tool",
            "ping_tool",
            "nslookup_tool",
            "telnet_tool",
            "dig_tool",
            "tcpdump_tool",
            "ps_tool",
            "cat_tool",
            "top_tool",
            "grep_tool",
            "head_tool",
            "tail_tool",
            "traceroute_tool",
            "http_check_tool",
            "tls_check_tool");
    for (ToolDefinition t : all) {
      assertThat(t.inputSchema())
          .containsEntry("type", "object")
          .containsEntry("additionalProperties", false);
      assertThat(t.description(POLICY)).isNotBlank();
    }
    assertThat(
            all.stream()
                .filter(ToolDefinition::openWorld)
                .map(t -> t.name())
                .collect(Collectors.toSet()))
        .isEqualTo(
            Set.of(
                ToolName.SSH,
                ToolName.PING,
                ToolName.NSLOOKUP,
                ToolName.TELNET,
                ToolName.DIG,
                ToolName.TCPDUMP,
                ToolName.TRACEROUTE,
                ToolName.HTTP_CHECK,
                ToolName.TLS_CHECK));
    assertThat(new PingTool().description(POLICY)).contains("db.example.com");
    assertThat(new CatTool().description(POLICY)).contains("/var/log");
  }

  @Test
  void schemaCarriesTheBoundsOfTheTable() {
    @SuppressWarnings("unchecked")
    Map<String, Object> count =
        (Map<String, Object>)
            ((Map<String, Object>) new PingTool().inputSchema().get("properties")).get("count");
    assertThat(count)
        .containsEntry("type", "integer")
        .containsEntry("minimum", 1)
        .containsEntry("maximum", 20)
        .containsEntry("default", 4);
    assertThat(new TelnetTool().inputSchema().get("required")).isEqualTo(List.of("target", "port"));
    assertThat(new GrepTool().inputSchema().get("required"))
        .isEqualTo(List.of("pattern", "file_path"));
    assertThat(new SshTool(credentials).inputSchema().get("required"))
        .isEqualTo(List.of("target", "user", "command"));
  }

  @Test
  void ping() {
    ToolPlan p = new PingTool().plan(args("target", "DB.Example.com."), POLICY);
    assertThat(p.argv())
        .containsExactly("ping", "-n", "-c", "4", "-W", "2", "--", "db.example.com");
    assertThat(p.longRunning()).isTrue();
    assertThat(new PingTool().plan(args("target", "127.0.0.1", "count", 1), POLICY).argv())
        .containsExactly("ping", "-n", "-c", "1", "-W", "2", "--", "127.0.0.1");
  }

  @Test
  void nslookup() {
    assertThat(new NslookupTool().plan(args("target", "db.example.com"), POLICY).argv())
        .containsExactly("nslookup", "db.example.com");
    assertThat(
            new NslookupTool()
                .plan(
                    args("target", "db.example.com", "type", "mx", "server", "192.0.2.53"), POLICY)
                .argv())
        .containsExactly("nslookup", "-type=MX", "db.example.com", "192.0.2.53");
    assertThat(
            new NslookupTool(5353)
                .plan(args("target", "10.0.0.7", "server", "192.0.2.53"), POLICY)
                .argv())
        .containsExactly("nslookup", "-port=5353", "10.0.0.7", "192.0.2.53");
  }

  @Test
  void telnet() {
    ToolPlan p = new TelnetTool().plan(args("target", "firewall.local", "port", 22), POLICY);
    assertThat(p.argv()).containsExactly("nc", "-z", "-v", "-w", "5", "--", "firewall.local", "22");
    assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(
            new TelnetTool()
                .plan(args("target", "10.0.0.9", "port", 443, "timeout", 2), POLICY)
                .argv())
        .containsExactly("nc", "-z", "-v", "-w", "2", "--", "10.0.0.9", "443");
  }

  @Test
  void dig() {
    assertThat(new DigTool().plan(args("target", "db.example.com"), POLICY).argv())
        .containsExactly("dig", "-q", "db.example.com");
    assertThat(
            new DigTool()
                .plan(
                    args(
                        "target",
                        "db.example.com",
                        "type",
                        "AAAA",
                        "server",
                        "192.0.2.53",
                        "options",
                        List.of("+short", "+tcp")),
                    POLICY)
                .argv())
        .containsExactly(
            "dig", "@192.0.2.53", "-t", "AAAA", "+short", "+tcp", "-q", "db.example.com");
    assertThat(
            new DigTool(5353)
                .plan(args("target", "10.0.0.7", "type", "PTR", "server", "192.0.2.53"), POLICY)
                .argv())
        .containsExactly("dig", "@192.0.2.53", "-p", "5353", "-x", "10.0.0.7");
  }

  /**
   * db.example.com and gw.example.com resolve (as the gateway would at call time); firewall.local
   * does not.
   */
  private static final CaptureScope.Resolver RESOLVER =
      name ->
          switch (name) {
            case "db.example.com" ->
                new InetAddress[] {
                  InetAddress.getByAddress(name, new byte[] {(byte) 192, 0, 2, 10})
                };
            case "gw.example.com" ->
                new InetAddress[] {
                  InetAddress.getByAddress(name, new byte[] {(byte) 192, 0, 2, 22}),
                  InetAddress.getByName("2001:db8::22")
                };
            default -> throw new UnknownHostException(name);
          };

  private static final List<String> SCOPE =
      List.of(
          "(",
          "host",
          "192.0.2.10",
          "or",
          "host",
          "127.0.0.1",
          "or",
          "net",
          "2001:db8::/64",
          "or",
          "net",
          "10.0.0.0/24",
          "or",
          "host",
          "192.0.2.22",
          "or",
          "host",
          "2001:db8::22",
          ")");

  @Test
  void tcpdumpCapturesOnlyTheAllowedAddressesWhateverTheFilter() {
    ToolPlan bare = new TcpdumpTool(RESOLVER).plan(args("interface", "eth0"), POLICY);
    List<String> expected =
        new ArrayList<>(List.of("tcpdump", "-i", "eth0", "-c", "10", "-n", "-l", "-p", "--"));
    expected.addAll(SCOPE);
    assertThat(bare.argv()).containsExactlyElementsOf(expected);
    assertThat(bare.target()).isEqualTo(ExecTarget.CAPTURE);
    assertThat(bare.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(bare.endsAtDeadline()).isTrue();
    ToolPlan filtered =
        new TcpdumpTool(RESOLVER)
            .plan(
                args(
                    "interface",
                    "lo",
                    "count",
                    5,
                    "timeout",
                    3,
                    "filter",
                    "(host 127.0.0.1 and tcp port 22) or net 10.0.0.128/25 or icmp"),
                POLICY);
    List<String> conjunction =
        new ArrayList<>(
            List.of(
                "tcpdump",
                "-i",
                "lo",
                "-c",
                "5",
                "-n",
                "-l",
                "-p",
                "--",
                "(",
                "(",
                "host",
                "127.0.0.1",
                "and",
                "tcp",
                "port",
                "22",
                ")",
                "or",
                "net",
                "10.0.0.128/25",
                "or",
                "icmp",
                ")",
                "and"));
    conjunction.addAll(SCOPE);
    assertThat(filtered.argv()).containsExactlyElementsOf(conjunction);
    ToolPlan negated =
        new TcpdumpTool(RESOLVER)
            .plan(args("interface", "lo", "filter", "not host 127.0.0.1"), POLICY);
    assertThat(String.join(" ", negated.argv()))
        .endsWith("-- ( not host 127.0.0.1 ) and " + String.join(" ", SCOPE));
  }

  @Test
  void tcpdumpIsRefusedWhenThePolicyNamesNoCapturableAddress() {
    EffectivePolicy onlyNames =
        TestPolicies.builder().hosts("*.example.com", "firewall.local").build();
    assertThatThrownBy(() -> new TcpdumpTool(RESOLVER).plan(args("interface", "lo"), onlyNames))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessageContaining("allowedHosts.capture");
  }

  @Test
  void psAndTop() {
    ToolPlan ps = new PsTool().plan(args(), POLICY);
    assertThat(ps.argv()).containsExactly("ps", "aux");
    ToolPlan ef = new PsTool().plan(args("options", "ef", "filter", "-bash"), POLICY);
    assertThat(ef.argv()).containsExactly("ps", "-ef");
    assertThat(ef.outputFilter().apply("UID PID CMD\nroot 1 init\nme 7 -bash\n"))
        .isEqualTo("UID PID CMD\nme 7 -bash\n");
    assertThat(new TopTool().plan(args(), POLICY).argv())
        .containsExactly("top", "-b", "-n", "1", "-d", "1", "-w", "200");
    assertThat(new TopTool().plan(args("iterations", 3, "delay", 2), POLICY).argv())
        .containsExactly("top", "-b", "-n", "3", "-d", "2", "-w", "200");
  }

  /**
   * The reader's argv: every allowed directory a root, the path, then the program reading its
   * stdin.
   */
  private static List<String> read(String path, String... command) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "itmcp-read", "--root", "/var/log", "--root", "/srv/data", "--path", path, "--"));
    argv.addAll(List.of(command));
    return argv;
  }

  @Test
  void fileToolsReadThroughTheInSandboxReaderInOneExec() {
    ToolPlan cat = new CatTool().plan(args("file_path", "/var/log//syslog"), POLICY);
    assertThat(cat.argv()).containsExactlyElementsOf(read("/var/log/syslog", "cat"));
    assertThat(cat.guardedPaths()).containsExactly("/var/log/syslog");
    assertThat(new HeadTool().plan(args("file_path", "/srv/data/a.txt", "lines", 3), POLICY).argv())
        .containsExactlyElementsOf(read("/srv/data/a.txt", "head", "-n", "3"));
    assertThat(new TailTool().plan(args("file_path", "/var/log/syslog"), POLICY).argv())
        .containsExactlyElementsOf(read("/var/log/syslog", "tail", "-n", "10"));
    ToolPlan follow =
        new TailTool()
            .plan(args("file_path", "/var/log/syslog", "follow", true, "lines", 1), POLICY);
    assertThat(follow.argv())
        .containsExactlyElementsOf(read("/var/log/syslog", "tail", "-n", "1", "-f"));
    assertThat(follow.endsAtDeadline()).isTrue();
    assertThat(follow.longRunning()).isTrue();
    assertThat(
            new GrepTool()
                .plan(args("pattern", "--verbose", "file_path", "/var/log/syslog"), POLICY)
                .argv())
        .containsExactlyElementsOf(read("/var/log/syslog", "grep", "-e", "--verbose"));
    assertThat(
            new GrepTool()
                .plan(
                    args(
                        "pattern",
                        "err.r",
                        "file_path",
                        "/var/log/syslog",
                        "ignore_case",
                        true,
                        "invert_match",
                        true,
                        "line_numbers",
                        true,
                        "count_only",
                        true,
                        "fixed_strings",
                        true,
                        "context",
                        2),
                    POLICY)
                .argv())
        .containsExactlyElementsOf(
            read(
                "/var/log/syslog", "grep", "-i", "-v", "-n", "-c", "-F", "-C", "2", "-e", "err.r"));
  }

  @Test
  void hardLinksArePassedToTheReaderOnlyWhenThePolicyAllowsThem() {
    assertThat(new CatTool().plan(args("file_path", "/var/log/syslog"), POLICY).argv())
        .doesNotContain("--allow-hard-links");
    EffectivePolicy allowing =
        new EffectivePolicy(
            POLICY.name(),
            POLICY.tools(),
            POLICY.hosts(),
            POLICY.dnsServers(),
            POLICY.paths().withHardLinks(true),
            POLICY.remoteCommands(),
            POLICY.sshUsers(),
            POLICY.limits());
    assertThat(new CatTool().plan(args("file_path", "/var/log/syslog"), allowing).argv())
        .startsWith("itmcp-read", "--allow-hard-links", "--root", "/var/log");
    assertThat(new CatTool().description(allowing)).doesNotContain("hard link");
    assertThat(new CatTool().description(POLICY))
        .contains("files with more than one hard link are refused");
  }

  @Test
  void ssh() {
    ToolPlan p =
        new SshTool(credentials)
            .plan(
                args(
                    "target",
                    "firewall.local",
                    "user",
                    "admin",
                    "command",
                    "show interface status"),
                POLICY);
    assertThat(p.argv())
        .containsExactly(
            "ssh",
            "-F",
            "none",
            "-T",
            "-n",
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "UserKnownHostsFile=" + keys.resolve("known_hosts"),
            "-o",
            "GlobalKnownHostsFile=none",
            "-o",
            "UpdateHostKeys=no",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "IdentityAgent=none",
            "-o",
            "PasswordAuthentication=no",
            "-o",
            "KbdInteractiveAuthentication=no",
            "-o",
            "ConnectTimeout=10",
            "-o",
            "ControlMaster=no",
            "-o",
            "ControlPath=none",
            "-o",
            "ForwardAgent=no",
            "-o",
            "ForwardX11=no",
            "-o",
            "ClearAllForwardings=yes",
            "-o",
            "PermitLocalCommand=no",
            "-i",
            keys.resolve("firewall.local").toString(),
            "-p",
            "22",
            "-l",
            "admin",
            "--",
            "firewall.local",
            "show",
            "interface",
            "status");
    ToolPlan gw =
        new SshTool(credentials)
            .plan(
                args(
                    "target",
                    "gw.example.com",
                    "user",
                    "netops",
                    "command",
                    "uname -a",
                    "port",
                    2222),
                POLICY);
    assertThat(gw.argv())
        .containsSequence(
            "-i",
            keys.resolve("id_ed25519").toString(),
            "-p",
            "2222",
            "-l",
            "netops",
            "--",
            "gw.example.com",
            "uname",
            "-a");
    assertThatThrownBy(
            () ->
                new SshTool(credentials)
                    .plan(
                        args(
                            "target",
                            "gw.example.com",
                            "user",
                            "root",
                            "command",
                            "uname -a",
                            "port",
                            2222),
                        POLICY))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessageContaining("ssh.users")
        .hasMessageContaining("netops@gw.example.com");
  }

  @Test
  void sshRefusesWordsAfterAnExactCommandAndSaysWhatIsAllowed() {
    SshTool ssh = new SshTool(credentials);
    assertThatThrownBy(
            () ->
                ssh.plan(
                    args(
                        "target",
                        "firewall.local",
                        "user",
                        "admin",
                        "command",
                        "cat /etc/hostname .ssh/id_ed25519"),
                    POLICY))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessage(
            "refused remote command 'cat /etc/hostname .ssh/id_ed25519' because the word '.ssh/id_ed25519'"
                + " follows 'cat /etc/hostname', which is allowed exactly (an exact entry takes no further words;"
                + " a remoteCommandRules entry can allow them) (rule allowedRemoteCommands[1]); allowed: the command 'cat /etc/hostname' exactly");
    assertThatThrownBy(
            () ->
                ssh.plan(
                    args(
                        "target",
                        "firewall.local",
                        "user",
                        "admin",
                        "command",
                        "show interface status -o x"),
                    POLICY))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessageContaining("the option '-o' after 'show interface' is not named by the rule")
        .hasMessageContaining(
            "(rule remoteCommandRules[0]); allowed: the command 'show interface', then any words");
    assertThat(ssh.description(POLICY))
        .contains(
            "Allowed commands (whole words; nothing may follow a command"
                + " unless its rule says so, and options only where named): 'uname -a' exactly, 'cat /etc/hostname'"
                + " exactly, 'show interface', then any words.");
  }

  @Test
  void sshCredentialsFileGivesKeysAndUsersAndIgnoresPasswords() throws IOException {
    Path file = keys.resolve("ssh_credentials.json");
    Files.writeString(keys.resolve("fw_key"), "not a real key\n");
    Files.writeString(
        file,
        "{\"firewall.local\": {\"username\": \"admin\", \"key_file\": \"fw_key\", \"password\": \"hunter2\"}}");
    SshKeyDirectory fromFile =
        new SshKeyDirectory(
            Optional.of(keys), Optional.of(file), Optional.of(keys.resolve("known_hosts")));
    assertThat(fromFile.keyFor("firewall.local")).contains(keys.resolve("fw_key"));
    assertThat(fromFile.userFor("firewall.local")).contains("admin");
    assertThat(fromFile.passwordsIgnored()).isTrue();
    assertThat(fromFile.locations())
        .contains(keys, file, keys.resolve("known_hosts"), keys.resolve("fw_key"));
    ToolPlan p =
        new SshTool(fromFile)
            .plan(args("target", "firewall.local", "user", "admin", "command", "uname -a"), POLICY);
    assertThat(String.join(" ", p.argv()))
        .doesNotContain("hunter2")
        .contains(keys.resolve("fw_key").toString());
    assertThatThrownBy(
            () ->
                new SshTool(fromFile)
                    .plan(
                        args("target", "firewall.local", "user", "root", "command", "uname -a"),
                        POLICY))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessageContaining("ssh.users");
  }
}
