package io.itmcp.policy;

import static io.itmcp.policy.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.api.v1alpha1.ConfigMapSource;
import io.itmcp.api.v1alpha1.ItmcpPolicySpec;
import io.itmcp.api.v1alpha1.LimitsSpec;
import io.itmcp.api.v1alpha1.PersistentVolumeClaimSource;
import io.itmcp.api.v1alpha1.SandboxMount;
import io.itmcp.api.v1alpha1.SandboxSpec;
import io.itmcp.api.v1alpha1.SshSpec;
import io.itmcp.api.v1alpha1.ToolName;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EffectivePolicyTest {

  @Test
  void emptySpecEnablesDefaultToolsAndAllowsNothingElse() {
    EffectivePolicy p = EffectivePolicy.compile("p", new ItmcpPolicySpec());
    assertThat(p.tools())
        .isEqualTo(ToolName.defaults())
        .doesNotContain(ToolName.SSH, ToolName.TCPDUMP)
        // the later tools are enabled only by naming them: an older policy gains no new probes by
        // an upgrade
        .doesNotContain(ToolName.TRACEROUTE, ToolName.HTTP_CHECK, ToolName.TLS_CHECK);
    assertThat(p.limits()).isEqualTo(Limits.defaults());
    assertRefused(
        () -> p.hosts().check("127.0.0.1", Access.icmp()),
        "allowedHosts",
        "; allowed: nothing: no host is allowed (allowedHosts is empty)");
    assertRefused(
        () -> p.paths().check("/var/log/syslog"),
        "allowedDirectories",
        "; allowed: nothing: no directory is allowed");
    assertRefused(
        () -> p.remoteCommands().check("ls"),
        "allowedRemoteCommands",
        "; allowed: nothing: no remote command is allowed");
    assertRefused(
        () -> p.dnsServers().check("192.0.2.53"),
        "dnsServers",
        "; allowed: nothing: no DNS server may be named");
    assertRefused(
        () -> p.checkToolEnabled(ToolName.SSH),
        "tools",
        "; allowed: the enabled tools ping, nslookup");
  }

  @Test
  void explicitToolsReplaceTheDefaults() {
    ItmcpPolicySpec spec = new ItmcpPolicySpec();
    spec.setTools(List.of(ToolName.SSH, ToolName.PING));
    EffectivePolicy p = EffectivePolicy.compile("net", spec);
    p.checkToolEnabled(ToolName.SSH);
    p.checkToolEnabled(ToolName.PING);
    assertRefused(
        () -> p.checkToolEnabled(ToolName.CAT),
        "tools",
        "tool 'cat'",
        "; allowed: the enabled tools ssh, ping",
        "policy net");
    spec.setTools(List.of());
    assertRefused(
        () -> EffectivePolicy.compile("none", spec).checkToolEnabled(ToolName.PING),
        "tools",
        "nothing: no tool is enabled");
  }

  @Test
  void compiledPolicyIsImmutable() {
    EffectivePolicy p = EffectivePolicy.compile("p", null);
    assertThatThrownBy(() -> p.tools().add(ToolName.SSH))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.sshUsers().put("a", "b"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.hosts().rules().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  static Stream<Arguments> malformedSpecs() {
    return Stream.<Arguments>of(
        Arguments.of(
            (Consumer<ItmcpPolicySpec>)
                s -> s.setAllowedHosts(List.of("db.example.com", "x", "foo bar")),
            "allowedHosts[2] 'foo bar': "),
        Arguments.of(
            (Consumer<ItmcpPolicySpec>) s -> s.setDnsServers(List.of("dns.example.com")),
            "dnsServers[0] 'dns.example.com': a DNS server must be an IP address"),
        Arguments.of(
            (Consumer<ItmcpPolicySpec>) s -> s.setAllowedDirectories(List.of("/var/log", "logs")),
            "allowedDirectories[1] 'logs': "),
        Arguments.of(
            (Consumer<ItmcpPolicySpec>) s -> s.setAllowedRemoteCommands(List.of("ls; id")),
            "allowedRemoteCommands[0] 'ls; id': "),
        Arguments.of(
            (Consumer<ItmcpPolicySpec>)
                s -> s.setTools(java.util.Arrays.asList(ToolName.PING, null)),
            "tools[1] is null"),
        Arguments.of(
            (Consumer<ItmcpPolicySpec>)
                s -> s.setSsh(ssh(Map.of("db.example.com", "-oProxyCommand=x"))),
            "ssh.users['db.example.com']"),
        Arguments.of(
            (Consumer<ItmcpPolicySpec>) s -> s.setSsh(ssh(Map.of("db example", "admin"))),
            "the key is not a host"),
        Arguments.of(
            (Consumer<ItmcpPolicySpec>) s -> s.setLimits(limits(l -> l.setMaxSessions(-1))),
            "limits.maxSessions -1 is outside 1..10000"),
        Arguments.of(
            (Consumer<ItmcpPolicySpec>)
                s -> s.setLimits(limits(l -> l.setToolTimeoutSeconds(1_000_000))),
            "limits.toolTimeoutSeconds 1000000 is outside 1..600"),
        Arguments.of(
            (Consumer<ItmcpPolicySpec>) s -> s.setLimits(limits(l -> l.setCallsPerMinute(0))),
            "limits.callsPerMinute 0"),
        Arguments.of(
            (Consumer<ItmcpPolicySpec>) s -> s.setLimits(limits(l -> l.setMaxOutputBytes(0L))),
            "limits.maxOutputBytes 0 is outside 1024..16777216"),
        Arguments.of(
            (Consumer<ItmcpPolicySpec>)
                s ->
                    s.setLimits(
                        limits(
                            l -> {
                              l.setMaxSessions(3);
                              l.setMaxSessionsPerUser(4);
                            })),
            "limits.maxSessionsPerUser 4 is larger than limits.maxSessions 3"),
        Arguments.of(
            (Consumer<ItmcpPolicySpec>) s -> s.setSandbox(sandbox(600L, 900L)),
            "sandbox.idleTimeoutSeconds 900 is larger than sandbox.ttlSeconds 600"),
        Arguments.of(
            (Consumer<ItmcpPolicySpec>) s -> s.setSandbox(sandbox(10L, null)),
            "sandbox.ttlSeconds 10 is outside 60..86400"),
        Arguments.of(
            (Consumer<ItmcpPolicySpec>)
                s -> s.setTools(List.of(ToolName.PING, ToolName.DIG, ToolName.PING)),
            "tools[2] 'ping' is listed twice"),
        Arguments.of(
            mounts(mount("logs", "/etc", true)),
            "sandbox.mounts[0].mountPath: refused path '/etc' (rule allowedDirectories)"),
        Arguments.of(
            mounts(mount("logs", "/var/log/../../etc", true)),
            "sandbox.mounts[0].mountPath: refused path"),
        Arguments.of(
            mounts(mount("logs", "/var/log//app", true)),
            "write it normalised, e.g. '/var/log/app'"),
        Arguments.of(
            mounts(mount("logs", "/var/log/app", true), mount("logs", "/var/log/b", true)),
            "sandbox.mounts[1]: the name 'logs' is used twice"),
        Arguments.of(
            mounts(mount("a", "/var/log/app", true), mount("b", "/var/log/app", true)),
            "sandbox.mounts[1].mountPath '/var/log/app' is used twice"),
        Arguments.of(
            mounts(mount("a", "/var/log/app", false)),
            "set exactly one of configMap or persistentVolumeClaim"));
  }

  @ParameterizedTest
  @MethodSource
  void malformedSpecs(Consumer<ItmcpPolicySpec> mutation, String message) {
    ItmcpPolicySpec spec = new ItmcpPolicySpec();
    mutation.accept(spec);
    assertThatThrownBy(() -> EffectivePolicy.compile("p", spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void limitsTakeSpecValuesAndLowerDependentDefaults() {
    ItmcpPolicySpec spec = new ItmcpPolicySpec();
    spec.setLimits(
        limits(
            l -> {
              l.setMaxSessions(3);
              l.setToolTimeoutSeconds(10);
              l.setMaxOutputBytes(4096L);
            }));
    spec.setSandbox(sandbox(600L, null));
    Limits limits = EffectivePolicy.compile("p", spec).limits();
    assertThat(limits)
        .isEqualTo(
            Limits.defaults()
                .withSessions(3, 3)
                .withToolTimeout(Duration.ofSeconds(10))
                .withMaxOutputBytes(4096)
                .withSandboxTiming(Duration.ofSeconds(600), Duration.ofSeconds(600)));
  }

  @Test
  void documentedDefaults() {
    Limits defaults = Limits.defaults();
    assertThat(defaults.maxSessions()).isEqualTo(50);
    assertThat(defaults.maxSessionsPerUser()).isEqualTo(5);
    assertThat(defaults.callsPerMinute()).isEqualTo(60);
    assertThat(defaults.toolTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.maxOutputBytes()).isEqualTo(1_048_576);
    assertThat(defaults.ttl()).isEqualTo(Duration.ofSeconds(3600));
    assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(900));
  }

  @Test
  void sshUsersAreKeyedByCanonicalHost() {
    ItmcpPolicySpec spec = new ItmcpPolicySpec();
    spec.setSsh(ssh(Map.of("FIREWALL.local.", "admin", "::ffff:10.0.0.1", "root")));
    assertThat(EffectivePolicy.compile("p", spec).sshUsers())
        .containsExactlyInAnyOrderEntriesOf(Map.of("firewall.local", "admin", "10.0.0.1", "root"));
  }

  @Test
  void aPolicyNeedsAName() {
    assertThatThrownBy(() -> EffectivePolicy.compile(" ", null)).hasMessageContaining("name");
  }

  @Test
  void constructorToleratesNullCollections() {
    EffectivePolicy p =
        new EffectivePolicy(
            "t",
            null,
            HostPolicy.of(null),
            DnsServerPolicy.of(null),
            PathPolicy.of(null),
            RemoteCommandPolicy.of(null, PathPolicy.of(null)),
            null,
            Limits.defaults());
    assertThat(p.tools()).isEmpty();
    assertThat(p.sshUsers()).isEmpty();
    assertThat(EnumSet.copyOf(ToolName.defaults())).hasSize(10);
  }

  @Test
  void mountsInsideAllowedDirectoriesCompile() {
    ItmcpPolicySpec spec = new ItmcpPolicySpec();
    mounts(mount("logs", "/var/log/app", true), mount("data", "/var/log", false)).accept(spec);
    assertThat(EffectivePolicy.compile("p", spec).paths().directories())
        .containsExactly("/var/log");
  }

  private static Consumer<ItmcpPolicySpec> mounts(SandboxMount... mounts) {
    return s -> {
      s.setAllowedDirectories(List.of("/var/log"));
      SandboxSpec sandbox = new SandboxSpec();
      sandbox.setMounts(List.of(mounts));
      s.setSandbox(sandbox);
    };
  }

  private static SandboxMount mount(String name, String path, boolean configMap) {
    SandboxMount m = new SandboxMount();
    m.setName(name);
    m.setMountPath(path);
    if (configMap) {
      ConfigMapSource c = new ConfigMapSource();
      c.setName("cm");
      m.setConfigMap(c);
    } else if (!name.equals("a")) {
      PersistentVolumeClaimSource pvc = new PersistentVolumeClaimSource();
      pvc.setClaimName("pvc");
      m.setPersistentVolumeClaim(pvc);
    }
    return m;
  }

  private static SshSpec ssh(Map<String, String> users) {
    SshSpec ssh = new SshSpec();
    ssh.setUsers(users);
    return ssh;
  }

  private static LimitsSpec limits(Consumer<LimitsSpec> set) {
    LimitsSpec l = new LimitsSpec();
    set.accept(l);
    return l;
  }

  private static SandboxSpec sandbox(Long ttl, Long idle) {
    SandboxSpec s = new SandboxSpec();
    s.setTtlSeconds(ttl);
    s.setIdleTimeoutSeconds(idle);
    return s;
  }

  @Test
  void hardLinksAreReadableOnlyWhenFilesAllowHardLinksIsTrue() {
    assertThat(
            PolicyLoader.fromYamlString(
                    HARD_LINKS_HEADER + "spec:\n  tools: [cat]\n  allowedDirectories: [/var/log]\n")
                .getSpec())
        .satisfies(
            spec ->
                assertThat(EffectivePolicy.compile("p", spec).paths().allowHardLinks()).isFalse());
    assertThat(
            EffectivePolicy.compile(
                    "p",
                    PolicyLoader.fromYamlString(
                            HARD_LINKS_HEADER
                                + "spec:\n  tools: [cat]\n  allowedDirectories: [/var/log]\n  files: {allowHardLinks: false}\n")
                        .getSpec())
                .paths()
                .allowHardLinks())
        .isFalse();
    assertThat(
            EffectivePolicy.compile(
                    "p",
                    PolicyLoader.fromYamlString(
                            HARD_LINKS_HEADER
                                + "spec:\n  tools: [cat]\n  allowedDirectories: [/var/log]\n  files: {allowHardLinks: true}\n")
                        .getSpec())
                .paths()
                .allowHardLinks())
        .isTrue();
  }

  @Test
  void withApprovalChangesTheApprovalRulesOnly() {
    EffectivePolicy p = EffectivePolicy.compile("p", new ItmcpPolicySpec());
    ApprovalPolicy other = ApprovalPolicy.none();
    EffectivePolicy changed = p.withApproval(other);
    assertThat(changed.approval()).isSameAs(other);
    assertThat(changed.name()).isEqualTo("p");
    assertThat(changed.tools()).isEqualTo(p.tools());
    assertThat(changed.limits()).isEqualTo(p.limits());
  }

  @Test
  void exactCommandsFromAnotherSourceAreNamedAfterIt() {
    RemoteCommandPolicy commands =
        RemoteCommandPolicy.of(
            "ALLOWED_REMOTE_COMMANDS", List.of("show version"), PathPolicy.of(List.of()));
    assertThat(commands.check("show version")).containsExactly("show", "version");
    assertThatThrownBy(
            () ->
                RemoteCommandPolicy.of(
                    "ALLOWED_REMOTE_COMMANDS",
                    java.util.Arrays.asList("show version", null),
                    PathPolicy.of(List.of())))
        .hasMessageStartingWith("ALLOWED_REMOTE_COMMANDS[1] ");
  }

  private static final String HARD_LINKS_HEADER =
      "apiVersion: itmcp.io/v1alpha1\nkind: ItmcpPolicy\nmetadata:\n  name: p\n";
}
