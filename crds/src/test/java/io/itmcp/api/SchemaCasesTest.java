package io.itmcp.api;

import static io.itmcp.api.Manifest.remove;
import static io.itmcp.api.Manifest.set;
import static io.itmcp.api.Manifest.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.itmcp.api.schema.CrdSchema;
import io.itmcp.api.schema.Violation;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Valid and invalid manifests, each admitted or refused by the generated CRD schema (structural
 * checks and CEL rules) with the expected reason, without an API server.
 */
class SchemaCasesTest {

  private static final String POLICY = "policy-full.yaml";
  private static final String SESSION = "session-full.yaml";

  /** A manifest built from a base file and edits, and the refusal expected (null: accepted). */
  record Case(
      String name,
      String base,
      List<UnaryOperator<JsonNode>> edits,
      String path,
      String rule,
      String message) {

    CrdSchema crd() {
      return base.startsWith("policy") ? CrdSchema.POLICY : CrdSchema.SESSION;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @SafeVarargs
  private static Case ok(String name, String base, UnaryOperator<JsonNode>... edits) {
    return new Case(name, base, List.of(edits), null, null, null);
  }

  @SafeVarargs
  private static Case bad(
      String name, String base, String path, String rule, UnaryOperator<JsonNode>... edits) {
    return new Case(name, base, List.of(edits), path, rule, null);
  }

  @SafeVarargs
  private static Case cel(
      String name, String base, String path, String message, UnaryOperator<JsonNode>... edits) {
    return new Case(name, base, List.of(edits), path, "cel", message);
  }

  private static Case host(String entry) {
    return bad(
        "allowedHosts refuses " + printable(entry),
        POLICY,
        "/spec/allowedHosts/0",
        "pattern",
        set("/spec/allowedHosts/0", entry));
  }

  private static Case directory(String directory) {
    return bad(
        "allowedDirectories refuses " + printable(directory),
        POLICY,
        "/spec/allowedDirectories/0",
        "pattern",
        set("/spec/allowedDirectories/0", directory));
  }

  private static Case command(String command) {
    return bad(
        "allowedRemoteCommands refuses " + printable(command),
        POLICY,
        "/spec/allowedRemoteCommands/0",
        "pattern",
        set("/spec/allowedRemoteCommands/0", command));
  }

  private static String printable(String s) {
    return "'" + s.replace("\n", "\\n").replace("\0", "\\0") + "'";
  }

  private static List<String> repeat(String value, int times) {
    return Collections.nCopies(times, value);
  }

  static Stream<Case> valid() {
    return Stream.of(
        ok("full policy", POLICY),
        ok(
            "toleration of every taint: Exists without key or value",
            POLICY,
            set("/spec/sandbox/tolerations/0", yaml("{operator: Exists}"))),
        ok(
            "NoExecute toleration with seconds",
            POLICY,
            set(
                "/spec/sandbox/tolerations/0",
                yaml(
                    "{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 30}"))),
        ok(
            "mount name of 57 characters",
            POLICY,
            set("/spec/sandbox/mounts/0/name", "m".repeat(57))),
        ok("minimal policy: empty spec", "policy-minimal.yaml"),
        ok(
            "policy without ssh tool needs no ssh section",
            POLICY,
            set("/spec/tools", List.of("ping", "dig")),
            remove("/spec/ssh")),
        ok(
            "policy that lists no tools (defaults) and no ssh",
            POLICY,
            remove("/spec/tools"),
            remove("/spec/ssh")),
        ok(
            "all fifteen tools, the three later ones by their wire names",
            POLICY,
            set(
                "/spec/tools",
                List.of(
                    "ssh",
                    "ping",
                    "nslookup",
                    "telnet",
                    "dig",
                    "tcpdump",
                    "ps",
                    "top",
                    "cat",
                    "grep",
                    "head",
                    "tail",
                    "traceroute",
                    "http_check",
                    "tls_check"))),
        ok("full session", SESSION),
        ok("minimal session", "session-minimal.yaml"),
        ok(
            "allowedHosts wildcard with port",
            POLICY,
            set("/spec/allowedHosts/0", "*.corp.example.com:443")),
        ok("allowedHosts IPv6 loopback", POLICY, set("/spec/allowedHosts/0", "::1")),
        ok("allowedHosts IPv6 CIDR link-local", POLICY, set("/spec/allowedHosts/0", "fe80::/10")),
        ok(
            "allowedHosts upper-case name (engine lower-cases)",
            POLICY,
            set("/spec/allowedHosts/0", "DB.Example.COM")),
        ok(
            "allowedHosts highest port",
            POLICY,
            set("/spec/allowedHosts/0", "db.example.com:65535")),
        ok(
            "allowedDirectories hidden and dotted names",
            POLICY,
            set(
                "/spec/allowedDirectories",
                List.of(
                    "/var/log", "/etc/network", "/srv/configs", "/srv/.hidden", "/srv/app..1"))),
        ok(
            "mount at exactly an allowed directory",
            POLICY,
            set("/spec/sandbox/mounts/1/mountPath", "/var/log")),
        ok(
            "limits at their lower bounds",
            POLICY,
            set(
                "/spec/limits",
                yaml(
                    "{maxSessions: 1, maxSessionsPerUser: 1, callsPerMinute: 1, toolTimeoutSeconds: 1, maxOutputBytes: 1024}"))),
        ok(
            "limits at their upper bounds",
            POLICY,
            set(
                "/spec/limits",
                yaml(
                    "{maxSessions: 10000, maxSessionsPerUser: 1000, callsPerMinute: 6000, toolTimeoutSeconds: 600, maxOutputBytes: 16777216}"))),
        ok(
            "sandbox time bounds, idle equal to ttl",
            POLICY,
            set("/spec/sandbox/ttlSeconds", 86400),
            set("/spec/sandbox/idleTimeoutSeconds", 86400),
            set("/spec/sandbox/warmPool", java.util.Map.of("size", 0))),
        ok(
            "image pinned by digest on a registry with port",
            POLICY,
            set(
                "/spec/sandbox/image",
                "registry.local:5000/itmcp/sandbox@sha256:" + "a".repeat(64))),
        ok("session ttl at bounds", SESSION, set("/spec/ttlSeconds", 60)),
        ok("session in the Terminating phase", SESSION, set("/status/phase", "Terminating")),
        ok(
            "session user with a non-ASCII name and colon groups",
            SESSION,
            set(
                "/spec/user",
                Manifest.yaml("{name: zoë, groups: ['system:serviceaccounts:itmcp']}"))),
        ok(
            "remote commands with longer token sequences",
            POLICY,
            set(
                "/spec/allowedRemoteCommands",
                List.of(
                    "show interface status",
                    "show ip bgp summary",
                    "show logging last 100",
                    "display current-configuration"))),
        ok(
            "remote command rule with only a command (exact)",
            POLICY,
            set("/spec/remoteCommandRules", List.of(yaml("{command: show clock}")))),
        ok(
            "remote command rule with an option whose value pattern has spaces",
            POLICY,
            set("/spec/remoteCommandRules/0/options/0", "-n [0-9]{1,4} ?")),
        ok(
            "host name with digits and dashes, with port",
            POLICY,
            set("/spec/allowedHosts/0", "core-sw1.dc-2.example.com:22")),
        ok("single-address IPv4 CIDR", POLICY, set("/spec/allowedHosts/0", "10.0.0.7/32")),
        ok(
            "full-form IPv6 address",
            POLICY,
            set("/spec/allowedHosts/0", "2001:0db8:0000:0000:0000:0000:0000:0001")),
        ok(
            "nested allowed directory added",
            POLICY,
            set("/spec/allowedDirectories/3", "/var/log/nginx")));
  }

  static Stream<Case> invalid() {
    return Stream.of(
        // tools
        bad("unknown tool", POLICY, "/spec/tools/0", "enum", set("/spec/tools/0", "rm")),
        bad("tool in upper case", POLICY, "/spec/tools/0", "enum", set("/spec/tools/0", "SSH")),
        bad(
            "MCP tool name instead of tool",
            POLICY,
            "/spec/tools/1",
            "enum",
            set("/spec/tools/1", "ping_tool")),
        cel(
            "tool listed twice",
            POLICY,
            "/spec/tools",
            "listed only once",
            set("/spec/tools", List.of("ping", "ping"))),
        bad(
            "sixteen tools",
            POLICY,
            "/spec/tools",
            "maxItems",
            set(
                "/spec/tools",
                List.of(
                    "ssh",
                    "ping",
                    "nslookup",
                    "telnet",
                    "dig",
                    "tcpdump",
                    "ps",
                    "top",
                    "cat",
                    "grep",
                    "head",
                    "tail",
                    "traceroute",
                    "http_check",
                    "tls_check",
                    "ping"))),
        bad(
            "MCP name of a later tool",
            POLICY,
            "/spec/tools/0",
            "enum",
            set("/spec/tools/0", "tls_check_tool")),
        cel(
            "ssh tool without ssh credentials",
            POLICY,
            "/spec/tools",
            "needs spec.ssh.secretRef",
            remove("/spec/ssh")),
        // allowedHosts
        host("db.example.com; rm -rf /"),
        host("user@db.example.com"),
        host("db example.com"),
        host("db.example.com\n"),
        host("127.1"),
        host("0177.0.0.1"),
        host("0x7f.0.0.1"),
        host("2130706433"),
        host("256.0.0.1"),
        host("10.0.0.0/33"),
        host("db.example.com:0"),
        host("db.example.com:65536"),
        host("db.example.com:022"),
        host("fe80::1%eth0"),
        host("::ffff:127.0.0.1"),
        host("2001:db8::1]:22"),
        host("2001:db8:::1"),
        host("-oProxyCommand=x"),
        host("*.*.example.com"),
        host("*"),
        host("http://db.example.com"),
        host("db.example.com/admin"),
        host("$(reboot)"),
        host("`id`.example.com"),
        host("bücher.example"),
        bad(
            "empty host entry",
            POLICY,
            "/spec/allowedHosts/0",
            "minLength",
            set("/spec/allowedHosts/0", "")),
        bad(
            "host entry longer than 261",
            POLICY,
            "/spec/allowedHosts/0",
            "maxLength",
            set("/spec/allowedHosts/0", "a".repeat(300) + ".com")),
        bad(
            "513 host entries",
            POLICY,
            "/spec/allowedHosts",
            "maxItems",
            set("/spec/allowedHosts", repeat("db.example.com", 513))),
        bad(
            "host entry not a string",
            POLICY,
            "/spec/allowedHosts/0",
            "type",
            set("/spec/allowedHosts/0", 10)),
        // dnsServers
        bad(
            "dnsServers name",
            POLICY,
            "/spec/dnsServers/0",
            "pattern",
            set("/spec/dnsServers/0", "dns.google")),
        bad(
            "dnsServers with port",
            POLICY,
            "/spec/dnsServers/0",
            "pattern",
            set("/spec/dnsServers/0", "8.8.8.8:53")),
        bad(
            "dnsServers CIDR",
            POLICY,
            "/spec/dnsServers/0",
            "pattern",
            set("/spec/dnsServers/0", "10.0.0.0/8")),
        bad(
            "seventeen dnsServers",
            POLICY,
            "/spec/dnsServers",
            "maxItems",
            set("/spec/dnsServers", repeat("10.0.0.53", 17))),
        // allowedDirectories
        directory("var/log"),
        directory("/var/log/../../etc"),
        directory("/var/log/.."),
        directory("/var/./log"),
        directory("/var//log"),
        directory("/var/log/"),
        directory("/"),
        directory("/var/log\0"),
        directory("/var/log\n/etc"),
        directory("~/logs"),
        bad(
            "65 directories",
            POLICY,
            "/spec/allowedDirectories",
            "maxItems",
            set(
                "/spec/allowedDirectories",
                IntStream.range(0, 65).mapToObj(i -> "/d" + i).toList())),
        bad(
            "directory longer than 1024",
            POLICY,
            "/spec/allowedDirectories/0",
            "maxLength",
            set("/spec/allowedDirectories/0", "/" + "a".repeat(1100))),
        // allowedRemoteCommands
        command("show interface; reload"),
        command("show $(id)"),
        command("show | include secret"),
        command("show  interface"),
        command(" show interface"),
        command("show 'interface'"),
        command("show interface\nreload"),
        command("show > /tmp/x"),
        bad(
            "513 remote commands",
            POLICY,
            "/spec/allowedRemoteCommands",
            "maxItems",
            set("/spec/allowedRemoteCommands", repeat("show version", 513))),
        // remoteCommandRules
        bad(
            "remote command rule without command",
            POLICY,
            "/spec/remoteCommandRules/1/command",
            "required",
            remove("/spec/remoteCommandRules/1/command")),
        bad(
            "remote command rule with a shell command",
            POLICY,
            "/spec/remoteCommandRules/1/command",
            "pattern",
            set("/spec/remoteCommandRules/1/command", "tail; id")),
        bad(
            "remote command rule with unknown arguments kind",
            POLICY,
            "/spec/remoteCommandRules/1/arguments",
            "enum",
            set("/spec/remoteCommandRules/1/arguments", "prefix")),
        cel(
            "match patterns without arguments match",
            POLICY,
            "/spec/remoteCommandRules/1",
            "set match (the patterns) exactly when arguments is 'match'",
            set("/spec/remoteCommandRules/1/match", List.of("[a-z]+"))),
        cel(
            "arguments match without patterns",
            POLICY,
            "/spec/remoteCommandRules/2",
            "set match (the patterns) exactly when arguments is 'match'",
            remove("/spec/remoteCommandRules/2/match")),
        bad(
            "empty match list",
            POLICY,
            "/spec/remoteCommandRules/2/match",
            "minItems",
            set("/spec/remoteCommandRules/2/match", List.of())),
        bad(
            "match pattern with a newline",
            POLICY,
            "/spec/remoteCommandRules/2/match/0",
            "pattern",
            set("/spec/remoteCommandRules/2/match/0", "a\nb")),
        bad(
            "option that is not an option",
            POLICY,
            "/spec/remoteCommandRules/0/options/0",
            "pattern",
            set("/spec/remoteCommandRules/0/options/0", "n [0-9]+")),
        bad(
            "option word with a shell character",
            POLICY,
            "/spec/remoteCommandRules/0/options/0",
            "pattern",
            set("/spec/remoteCommandRules/0/options/0", "-n;id")),
        bad(
            "257 remote command rules",
            POLICY,
            "/spec/remoteCommandRules",
            "maxItems",
            set("/spec/remoteCommandRules", Collections.nCopies(257, yaml("{command: ls}")))),
        // ssh
        bad(
            "ssh without secretRef",
            POLICY,
            "/spec/ssh/secretRef",
            "required",
            remove("/spec/ssh/secretRef")),
        bad(
            "secretRef without name",
            POLICY,
            "/spec/ssh/secretRef/name",
            "required",
            set("/spec/ssh/secretRef", yaml("{}"))),
        bad(
            "secretRef name not DNS-1123",
            POLICY,
            "/spec/ssh/secretRef/name",
            "pattern",
            set("/spec/ssh/secretRef/name", "Netops_SSH")),
        bad(
            "ssh user with '@'",
            POLICY,
            "/spec/ssh/users/firewall.local",
            "pattern",
            set("/spec/ssh/users/firewall.local", "root@evil")),
        bad(
            "ssh user with leading dash",
            POLICY,
            "/spec/ssh/users/firewall.local",
            "pattern",
            set("/spec/ssh/users/firewall.local", "-oProxyCommand")),
        cel(
            "ssh users key longer than a host name",
            POLICY,
            "/spec/ssh/users",
            "at most 254 characters",
            set("/spec/ssh/users/" + "h".repeat(300), "admin")),
        // sandbox
        bad(
            "image with shell suffix",
            POLICY,
            "/spec/sandbox/image",
            "pattern",
            set("/spec/sandbox/image", "ghcr.io/itmcp/sandbox:0.1.0; rm -rf /")),
        bad(
            "image with upper-case repository",
            POLICY,
            "/spec/sandbox/image",
            "pattern",
            set("/spec/sandbox/image", "ghcr.io/ITMCP/Sandbox")),
        bad(
            "image with short digest",
            POLICY,
            "/spec/sandbox/image",
            "pattern",
            set("/spec/sandbox/image", "ghcr.io/itmcp/sandbox@sha256:abc")),
        bad(
            "runtimeClassName not DNS-1123",
            POLICY,
            "/spec/sandbox/runtimeClassName",
            "pattern",
            set("/spec/sandbox/runtimeClassName", "gVisor")),
        bad(
            "sandbox ttl of a million seconds",
            POLICY,
            "/spec/sandbox/ttlSeconds",
            "maximum",
            set("/spec/sandbox/ttlSeconds", 1_000_000)),
        bad(
            "sandbox ttl below a minute",
            POLICY,
            "/spec/sandbox/ttlSeconds",
            "minimum",
            set("/spec/sandbox/ttlSeconds", 59)),
        bad(
            "sandbox ttl as a string",
            POLICY,
            "/spec/sandbox/ttlSeconds",
            "type",
            set("/spec/sandbox/ttlSeconds", "3600")),
        bad(
            "idle timeout below 30",
            POLICY,
            "/spec/sandbox/idleTimeoutSeconds",
            "minimum",
            set("/spec/sandbox/idleTimeoutSeconds", 10)),
        cel(
            "idle timeout above ttl",
            POLICY,
            "/spec/sandbox/idleTimeoutSeconds",
            "must not exceed ttlSeconds",
            set("/spec/sandbox/idleTimeoutSeconds", 7200)),
        bad(
            "negative warm pool",
            POLICY,
            "/spec/sandbox/warmPool/size",
            "minimum",
            set("/spec/sandbox/warmPool", java.util.Map.of("size", -1))),
        bad(
            "warm pool of 101",
            POLICY,
            "/spec/sandbox/warmPool/size",
            "maximum",
            set("/spec/sandbox/warmPool", java.util.Map.of("size", 101))),
        bad(
            "mount at a relative path",
            POLICY,
            "/spec/sandbox/mounts/0/mountPath",
            "pattern",
            set("/spec/sandbox/mounts/0/mountPath", "srv/configs")),
        bad(
            "mount path escaping with '..'",
            POLICY,
            "/spec/sandbox/mounts/0/mountPath",
            "pattern",
            set("/spec/sandbox/mounts/0/mountPath", "/srv/configs/../../etc")),
        bad(
            "mount without name",
            POLICY,
            "/spec/sandbox/mounts/0/name",
            "required",
            remove("/spec/sandbox/mounts/0/name")),
        bad(
            "mount without mountPath",
            POLICY,
            "/spec/sandbox/mounts/0/mountPath",
            "required",
            remove("/spec/sandbox/mounts/0/mountPath")),
        cel(
            "mount with both sources",
            POLICY,
            "/spec/sandbox/mounts/0",
            "exactly one source",
            set("/spec/sandbox/mounts/0/persistentVolumeClaim", yaml("{claimName: other}"))),
        cel(
            "mount with no source",
            POLICY,
            "/spec/sandbox/mounts/0",
            "exactly one source",
            remove("/spec/sandbox/mounts/0/configMap")),
        cel(
            "mount outside the allowed directories",
            POLICY,
            "/spec/sandbox/mounts",
            "at or below one of spec.allowedDirectories",
            set("/spec/sandbox/mounts/0/mountPath", "/etc/ssl")),
        cel(
            "mount on a sibling with a shared prefix",
            POLICY,
            "/spec/sandbox/mounts",
            "at or below one of spec.allowedDirectories",
            set("/spec/sandbox/mounts/1/mountPath", "/var/log2")),
        bad(
            "mount name that makes a volume name over 63 characters",
            POLICY,
            "/spec/sandbox/mounts/0/name",
            "maxLength",
            set("/spec/sandbox/mounts/0/name", "m".repeat(58))),
        bad(
            "toleration operator in lower case",
            POLICY,
            "/spec/sandbox/tolerations/0/operator",
            "enum",
            set("/spec/sandbox/tolerations/0/operator", "equal")),
        bad(
            "toleration effect that is no taint effect",
            POLICY,
            "/spec/sandbox/tolerations/0/effect",
            "enum",
            set("/spec/sandbox/tolerations/0/effect", "NoRun")),
        cel(
            "toleration Exists with a value",
            POLICY,
            "/spec/sandbox/tolerations/0/value",
            "value must be empty when operator is Exists",
            set("/spec/sandbox/tolerations/0/operator", "Exists")),
        cel(
            "toleration without key that is not Exists",
            POLICY,
            "/spec/sandbox/tolerations/0/operator",
            "operator must be Exists when key is empty",
            remove("/spec/sandbox/tolerations/0/key")),
        cel(
            "tolerationSeconds without NoExecute",
            POLICY,
            "/spec/sandbox/tolerations/0/effect",
            "tolerationSeconds needs effect NoExecute",
            set("/spec/sandbox/tolerations/0/tolerationSeconds", 60)),
        bad(
            "toleration key with a space",
            POLICY,
            "/spec/sandbox/tolerations/0/key",
            "pattern",
            set("/spec/sandbox/tolerations/0/key", "dedicated node")),
        cel(
            "resource claims",
            POLICY,
            "/spec/sandbox/resources/claims",
            "resources.claims is not supported",
            set("/spec/sandbox/resources/claims", yaml("[{name: gpu}]"))),
        cel("policy without spec", POLICY, "", "spec is required", remove("/spec")),
        cel(
            "two mounts with one name",
            POLICY,
            "/spec/sandbox/mounts",
            "mount names must be unique",
            set("/spec/sandbox/mounts/1/name", "configs")),
        bad(
            "configMap name with a slash",
            POLICY,
            "/spec/sandbox/mounts/0/configMap/name",
            "pattern",
            set("/spec/sandbox/mounts/0/configMap/name", "../kube-system/x")),
        cel(
            "nodeSelector key longer than a label key",
            POLICY,
            "/spec/sandbox/nodeSelector",
            "at most 317 characters",
            set("/spec/sandbox/nodeSelector/" + "k".repeat(400), "x")),
        bad(
            "nodeSelector value with a space",
            POLICY,
            "/spec/sandbox/nodeSelector/kubernetes.io~1os",
            "pattern",
            set("/spec/sandbox/nodeSelector/kubernetes.io~1os", "linux x")),
        bad(
            "unknown sandbox field",
            POLICY,
            "/spec/sandbox/privileged",
            "unknown-field",
            set("/spec/sandbox/privileged", true)),
        // limits
        bad(
            "tool timeout of a million seconds",
            POLICY,
            "/spec/limits/toolTimeoutSeconds",
            "maximum",
            set("/spec/limits/toolTimeoutSeconds", 1_000_000)),
        bad(
            "tool timeout of zero",
            POLICY,
            "/spec/limits/toolTimeoutSeconds",
            "minimum",
            set("/spec/limits/toolTimeoutSeconds", 0)),
        bad(
            "fractional tool timeout",
            POLICY,
            "/spec/limits/toolTimeoutSeconds",
            "type",
            set("/spec/limits/toolTimeoutSeconds", 1.5)),
        bad(
            "negative maxSessions",
            POLICY,
            "/spec/limits/maxSessions",
            "minimum",
            set("/spec/limits/maxSessions", -1)),
        bad(
            "maxSessions above 10000",
            POLICY,
            "/spec/limits/maxSessions",
            "maximum",
            set("/spec/limits/maxSessions", 10001)),
        bad(
            "maxSessionsPerUser zero",
            POLICY,
            "/spec/limits/maxSessionsPerUser",
            "minimum",
            set("/spec/limits/maxSessionsPerUser", 0)),
        cel(
            "maxSessionsPerUser above maxSessions",
            POLICY,
            "/spec/limits/maxSessionsPerUser",
            "must not exceed maxSessions",
            set("/spec/limits/maxSessionsPerUser", 60)),
        bad(
            "callsPerMinute above 6000",
            POLICY,
            "/spec/limits/callsPerMinute",
            "maximum",
            set("/spec/limits/callsPerMinute", 6001)),
        bad(
            "maxOutputBytes below 1 KiB",
            POLICY,
            "/spec/limits/maxOutputBytes",
            "minimum",
            set("/spec/limits/maxOutputBytes", 100)),
        bad(
            "maxOutputBytes of a gigabyte",
            POLICY,
            "/spec/limits/maxOutputBytes",
            "maximum",
            set("/spec/limits/maxOutputBytes", 1_000_000_000L)),
        bad(
            "unknown spec field",
            POLICY,
            "/spec/allowedCommands",
            "unknown-field",
            set("/spec/allowedCommands", List.of("rm"))),
        // policy status
        bad(
            "negative activeSessions",
            POLICY,
            "/status/activeSessions",
            "minimum",
            set("/status/activeSessions", -1)),
        bad(
            "resolved address not an IP",
            POLICY,
            "/status/resolvedHosts/0/addresses/0",
            "pattern",
            set("/status/resolvedHosts/0/addresses/0", "db.example.com")),
        // session spec
        cel("session without spec", SESSION, "", "spec is required", remove("/spec")),
        bad(
            "session without policyRef",
            SESSION,
            "/spec/policyRef",
            "required",
            remove("/spec/policyRef")),
        bad(
            "policyRef without name",
            SESSION,
            "/spec/policyRef/name",
            "required",
            set("/spec/policyRef", yaml("{}"))),
        bad(
            "policyRef name with traversal",
            SESSION,
            "/spec/policyRef/name",
            "pattern",
            set("/spec/policyRef/name", "../netops")),
        bad(
            "policyRef name too long",
            SESSION,
            "/spec/policyRef/name",
            "maxLength",
            set("/spec/policyRef/name", "a".repeat(254))),
        bad("session without user", SESSION, "/spec/user", "required", remove("/spec/user")),
        bad("user without name", SESSION, "/spec/user/name", "required", remove("/spec/user/name")),
        bad("empty user name", SESSION, "/spec/user/name", "minLength", set("/spec/user/name", "")),
        bad(
            "user name with a newline",
            SESSION,
            "/spec/user/name",
            "pattern",
            set("/spec/user/name", "alice\nadmin")),
        bad(
            "65 groups",
            SESSION,
            "/spec/user/groups",
            "maxItems",
            set("/spec/user/groups", repeat("g", 65))),
        bad(
            "client name of 200 characters",
            SESSION,
            "/spec/client/name",
            "maxLength",
            set("/spec/client/name", "c".repeat(200))),
        bad(
            "session ttl of a million seconds",
            SESSION,
            "/spec/ttlSeconds",
            "maximum",
            set("/spec/ttlSeconds", 1_000_000)),
        bad("session ttl zero", SESSION, "/spec/ttlSeconds", "minimum", set("/spec/ttlSeconds", 0)),
        bad(
            "unknown session field",
            SESSION,
            "/spec/command",
            "unknown-field",
            set("/spec/command", "sh")),
        // session status
        bad("unknown phase", SESSION, "/status/phase", "enum", set("/status/phase", "Running")),
        bad(
            "podIP not an IP",
            SESSION,
            "/status/podIP",
            "pattern",
            set("/status/podIP", "10.244.1")),
        bad(
            "expiresAt not RFC 3339",
            SESSION,
            "/status/expiresAt",
            "pattern",
            set("/status/expiresAt", "tomorrow")),
        bad(
            "egress port zero",
            SESSION,
            "/status/egress/granted/0/ports/0",
            "minimum",
            set("/status/egress/granted/0/ports/0", 0)),
        bad(
            "egress mode unknown",
            SESSION,
            "/status/egress/mode",
            "pattern",
            set("/status/egress/mode", "iptables")),
        bad(
            "egress CIDR without prefix",
            SESSION,
            "/status/egress/granted/0/cidrs/0",
            "pattern",
            set("/status/egress/granted/0/cidrs/0", "10.0.0.0")));
  }

  @ParameterizedTest(name = "accepts {0}")
  @MethodSource("valid")
  void acceptsValidManifest(Case c) {
    List<Violation> violations = c.crd().create(Manifest.edited(c.base(), c.edits()));

    assertThat(violations).as(c.name()).isEmpty();
  }

  @ParameterizedTest(name = "refuses {0}")
  @MethodSource("invalid")
  void refusesInvalidManifest(Case c) {
    List<Violation> violations = c.crd().create(Manifest.edited(c.base(), c.edits()));

    assertThat(violations)
        .as(c.name())
        .anySatisfy(
            v -> {
              assertThat(v.path()).isEqualTo(c.path());
              assertThat(v.rule()).isEqualTo(c.rule());
              if (c.message() != null) {
                assertThat(v.message()).contains(c.message());
              }
            });
    assertThat(violations)
        .as("no rule may fail to evaluate")
        .noneMatch(v -> v.rule().equals("cel-error"));
  }
}
