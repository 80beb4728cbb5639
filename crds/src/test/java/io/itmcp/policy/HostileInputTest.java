package io.itmcp.policy;

import static io.itmcp.policy.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.itmcp.api.v1alpha1.RemoteArguments;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input table of the policy engine: every attack must be refused with the named rule
 * and a message naming what is allowed; every legitimate neighbour must pass.
 */
class HostileInputTest {

  private static final AtomicInteger HOSTILE = new AtomicInteger();
  private static final AtomicInteger LEGITIMATE = new AtomicInteger();

  static final HostPolicy HOSTS =
      HostPolicy.of(
          List.of(
              "db.example.com",
              "*.corp.example.com",
              "127.0.0.1",
              "10.0.0.0/24:443",
              "192.0.2.0/28",
              "2001:db8::/32",
              "[fd00::1]:22",
              "firewall.local:22",
              "xn--bcher-kva.example"));
  static final String HOSTS_ALLOWED =
      "; allowed: the hosts db.example.com, *.corp.example.com, 127.0.0.1, 10.0.0.0/24:443";

  static final DnsServerPolicy DNS = DnsServerPolicy.of(List.of("192.0.2.53", "2001:db8::53"));
  static final PathPolicy PATHS = PathPolicy.of(List.of("/var/log", "/etc/nginx", "/srv/data/"));
  static final RemoteCommandPolicy COMMANDS =
      RemoteCommandPolicy.of(
          List.of("show version", "ip route show"),
          List.of(
              CommandRules.rule("show interface", RemoteArguments.ANY),
              CommandRules.rule("ls", RemoteArguments.PATHS, "-la"),
              CommandRules.rule("cat", RemoteArguments.PATHS),
              CommandRules.rule("tail", RemoteArguments.PATHS, "-n [0-9]{1,3}")),
          PathPolicy.of(List.of("/var/log")));

  @AfterAll
  static void printCounts() {
    System.out.println(
        "policy engine: "
            + HOSTILE.get()
            + " hostile inputs refused, "
            + LEGITIMATE.get()
            + " legitimate neighbours allowed");
  }

  // ---------------------------------------------------------------- hosts

  static Stream<Arguments> hostileHosts() {
    String syntax = "host.syntax";
    String policy = "allowedHosts";
    return Stream.of(
        // odd IPv4 encodings of 127.0.0.1
        arguments("127.1", syntax),
        arguments("127.0.1", syntax),
        arguments("0177.0.0.1", syntax),
        arguments("0x7f.0.0.1", syntax),
        arguments("0X7F.0.0.1", syntax),
        arguments("0x7f000001", syntax),
        arguments("2130706433", syntax),
        arguments("017700000001", syntax),
        arguments("127.0.0.01", syntax),
        arguments("127.00.0.1", syntax),
        arguments("127.0.0.1.", syntax),
        arguments("127.0.0.1..", syntax),
        arguments("0x7F.1", syntax),
        arguments("0177.1", syntax),
        arguments("127.0.0.0x1", syntax),
        arguments("127.0.0.256", syntax),
        arguments("256.0.0.1", syntax),
        arguments("127.0.0", syntax),
        arguments("1.2.3.4.5", syntax),
        arguments("127.0.0.1.5", syntax),
        arguments("-1.0.0.1", syntax),
        arguments("127.0.0.1 ", syntax),
        arguments(" 127.0.0.1", syntax),
        arguments("127.0.0.1\u0000", syntax),
        arguments("127.0.0.1/32", syntax),
        arguments("127.0.0.1:22", syntax),
        arguments("[127.0.0.1]", syntax),
        // non-ASCII digits and dots
        arguments("\uFF11\uFF12\uFF17.0.0.1", syntax),
        arguments("127\uFF0E0\uFF0E0\uFF0E1", syntax),
        arguments("127\u30020\u30020\u30021", syntax),
        arguments("\u0661\u0662\u0667.0.0.1", syntax),
        // IPv6 oddities
        arguments("fe80::1%eth0", syntax),
        arguments("[fe80::1%25eth0]", syntax),
        arguments("::127.0.0.1", syntax),
        arguments("::7f00:1", syntax),
        arguments("1::2::3", syntax),
        arguments("2001:db8:::1", syntax),
        arguments("12345::1", syntax),
        arguments("2001:db8::g", syntax),
        arguments("::ffff:127.0.0.1.1", syntax),
        arguments(":::", syntax),
        arguments("1:2:3:4:5:6:7:8:9", syntax),
        arguments("1:2:3:4:5:6:7", syntax),
        arguments("::ffff:0177.0.0.1", syntax),
        arguments("::ffff:127.1", syntax),
        arguments("[::1", syntax),
        arguments("::1]", syntax),
        arguments("[[::1]]", syntax),
        arguments("::1.2.3.4:1", syntax),
        // names with injection or encoding tricks
        arguments("db.example.com;id", syntax),
        arguments("db.example.com&&id", syntax),
        arguments("db.example.com|id", syntax),
        arguments("$(id).example.com", syntax),
        arguments("`id`.example.com", syntax),
        arguments("db.example.com\nfoo", syntax),
        arguments("db.example.com\r", syntax),
        arguments("db\texample.com", syntax),
        arguments("db .example.com", syntax),
        arguments("user@db.example.com", syntax),
        arguments("db.example.com/x", syntax),
        arguments("db.example.com\\", syntax),
        arguments("-oProxyCommand=id", syntax),
        arguments("-db.example.com", syntax),
        arguments("db.-example.com", syntax),
        arguments("db-.example.com", syntax),
        arguments("db..example.com", syntax),
        arguments(".db.example.com", syntax),
        arguments("db.example.com..", syntax),
        arguments("", syntax),
        arguments(".", syntax),
        arguments("*.corp.example.com", syntax),
        arguments("a*.corp.example.com", syntax),
        arguments("db_example.com", syntax),
        arguments("'db.example.com'", syntax),
        arguments("\"db.example.com\"", syntax),
        arguments("db.example.com#", syntax),
        arguments("db.example.com?", syntax),
        arguments("db.exa%6dple.com", syntax),
        arguments("db.example.com\u200b", syntax),
        arguments("\u202edb.example.com", syntax),
        arguments("\uFF44\uFF42.example.com", syntax),
        arguments("xn--zz.example", syntax),
        arguments("xn--.example", syntax),
        arguments("a".repeat(64) + ".example.com", syntax),
        arguments(("a".repeat(60) + ".").repeat(5) + "com", syntax),
        arguments("a".repeat(400), syntax),
        arguments("db.example.com:22", syntax),
        arguments("db.example.com\u0000.evil.com", syntax),
        arguments("db.example.com\u00a0", syntax),
        arguments("db\u2028example.com", syntax),
        // well-formed but not allowed
        arguments("127.0.0.2", policy),
        arguments("::ffff:127.0.0.2", policy),
        arguments("::ffff:7f00:2", policy),
        arguments("[::ffff:10.0.1.1]", policy),
        arguments("db.example.com.evil.com", policy),
        arguments("evil-db.example.com", policy),
        arguments("example.com", policy),
        arguments("corp.example.com", policy),
        arguments("corp.example.com.", policy),
        arguments("evilcorp.example.com", policy),
        arguments("x.corp.example.com.evil", policy),
        arguments("db.example.co", policy),
        arguments("2001:db9::1", policy),
        arguments("192.0.2.16", policy),
        arguments("10.0.1.0", policy),
        arguments("::1", policy),
        arguments("0.0.0.0", policy),
        arguments("b\u00fccher.example.com", policy),
        arguments("localhost", policy));
  }

  @ParameterizedTest
  @MethodSource
  void hostileHosts(String target, String rule) {
    assertRefused(() -> HOSTS.check(target, Access.tcp(22)), rule, HOSTS_ALLOWED);
    assertRefused(() -> HOSTS.check(target, Access.lookup()), rule, HOSTS_ALLOWED);
    HOSTILE.incrementAndGet();
  }

  static Stream<Arguments> hostsRefusedForTheirAccess() {
    return Stream.of(
        arguments("10.0.0.9", Access.tcp(22), "no entry covering it allows port 22"),
        arguments("10.0.0.9", Access.icmp(), "ping and traceroute need an entry without a port"),
        arguments("firewall.local", Access.tcp(23), "allows port 23"),
        arguments(
            "firewall.local", Access.icmp(), "ping and traceroute need an entry without a port"),
        arguments("FIREWALL.LOCAL.", Access.tcp(2222), "allows port 2222"),
        arguments("fd00::1", Access.tcp(23), "allows port 23"),
        arguments("[fd00::1]", Access.icmp(), "ping and traceroute need"),
        arguments("10.0.0.0", Access.tcp(4430), "allows port 4430"));
  }

  @ParameterizedTest
  @MethodSource
  void hostsRefusedForTheirAccess(String target, Access access, String reason) {
    assertRefused(() -> HOSTS.check(target, access), "allowedHosts", reason, HOSTS_ALLOWED);
    HOSTILE.incrementAndGet();
  }

  static Stream<Arguments> portsOutOfRange() {
    return Stream.of(
        arguments(0),
        arguments(-1),
        arguments(65536),
        arguments(Integer.MIN_VALUE),
        arguments(Integer.MAX_VALUE));
  }

  @ParameterizedTest
  @MethodSource
  void portsOutOfRange(int port) {
    assertRefused(
        () -> HOSTS.check("db.example.com", Access.tcp(port)), "port.syntax", "1 to 65535");
    assertRefused(() -> Port.check(port), "port.syntax", "1 to 65535");
    HOSTILE.incrementAndGet();
  }

  static Stream<Arguments> legitimateHosts() {
    return Stream.of(
        arguments("127.0.0.1", Access.tcp(22), "127.0.0.1"),
        arguments("::ffff:127.0.0.1", Access.icmp(), "127.0.0.1"),
        arguments("::ffff:7f00:1", Access.tcp(80), "127.0.0.1"),
        arguments("[::ffff:127.0.0.1]", Access.lookup(), "127.0.0.1"),
        arguments("0:0:0:0:0:ffff:7f00:1", Access.icmp(), "127.0.0.1"),
        arguments("db.example.com", Access.tcp(5432), "db.example.com"),
        arguments("DB.EXAMPLE.COM", Access.icmp(), "db.example.com"),
        arguments("db.example.com.", Access.lookup(), "db.example.com"),
        arguments("Db.Example.Com", Access.tcp(1), "db.example.com"),
        arguments("db.example.com", Access.tcp(65535), "db.example.com"),
        arguments("a.corp.example.com", Access.tcp(22), "a.corp.example.com"),
        arguments("a.b.corp.example.com", Access.icmp(), "a.b.corp.example.com"),
        arguments("A.CORP.EXAMPLE.COM.", Access.lookup(), "a.corp.example.com"),
        arguments("10.0.0.9", Access.tcp(443), "10.0.0.9"),
        arguments("10.0.0.0", Access.tcp(443), "10.0.0.0"),
        arguments("10.0.0.255", Access.tcp(443), "10.0.0.255"),
        arguments("10.0.0.9", Access.lookup(), "10.0.0.9"),
        arguments("::ffff:10.0.0.9", Access.tcp(443), "10.0.0.9"),
        arguments("192.0.2.15", Access.icmp(), "192.0.2.15"),
        arguments("192.0.2.0", Access.tcp(22), "192.0.2.0"),
        arguments("2001:db8::1", Access.tcp(22), "2001:db8::1"),
        arguments("2001:DB8::1", Access.icmp(), "2001:db8::1"),
        arguments("[2001:db8::1]", Access.lookup(), "2001:db8::1"),
        arguments("2001:0db8:0000:0000:0000:0000:0000:0001", Access.icmp(), "2001:db8::1"),
        arguments(
            "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
            Access.icmp(),
            "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"),
        arguments("fd00::1", Access.tcp(22), "fd00::1"),
        arguments("[fd00:0::1]", Access.tcp(22), "fd00::1"),
        arguments("firewall.local", Access.tcp(22), "firewall.local"),
        arguments("firewall.local", Access.lookup(), "firewall.local"),
        arguments("b\u00fccher.example", Access.icmp(), "xn--bcher-kva.example"),
        arguments("B\u00dcCHER.example", Access.icmp(), "xn--bcher-kva.example"),
        arguments("xn--bcher-kva.example", Access.tcp(80), "xn--bcher-kva.example"),
        arguments("XN--BCHER-KVA.EXAMPLE.", Access.tcp(80), "xn--bcher-kva.example"));
  }

  @ParameterizedTest
  @MethodSource
  void legitimateHosts(String target, Access access, String canonical) {
    assertThat(HOSTS.check(target, access).canonical()).isEqualTo(canonical);
    LEGITIMATE.incrementAndGet();
  }

  // ---------------------------------------------------------------- ports

  static Stream<String> hostilePorts() {
    return Stream.of(
        "0",
        "-1",
        "65536",
        "22abc",
        "",
        " 22",
        "22 ",
        "+22",
        "022",
        "0x16",
        "\uFF11",
        "99999999999",
        "2.2",
        "22\n",
        "1e3",
        "00",
        "-0",
        "\u0662\u0662",
        "22;id",
        null);
  }

  @ParameterizedTest
  @MethodSource
  void hostilePorts(String raw) {
    assertRefused(() -> Port.parse(raw), "port.syntax", "1 to 65535");
    HOSTILE.incrementAndGet();
  }

  static Stream<Arguments> legitimatePorts() {
    return Stream.of(
        arguments("1", 1), arguments("22", 22), arguments("443", 443), arguments("65535", 65535));
  }

  @ParameterizedTest
  @MethodSource
  void legitimatePorts(String raw, int port) {
    assertThat(Port.parse(raw)).isEqualTo(port);
    LEGITIMATE.incrementAndGet();
  }

  // ---------------------------------------------------------------- allowedHosts entries

  static Stream<Arguments> hostileHostEntries() {
    return Stream.of(
        arguments("10.0.0.1/24", "did you mean 10.0.0.0/24"), arguments("10.0.0.0/33", "prefix"),
        arguments("10.0.0.0/-1", "prefix"), arguments("10.0.0.0/024", "leading zeros"),
        arguments("10.0.0.0/", "prefix"), arguments("10.0.0.0/24/8", "prefix"),
        arguments("2001:db8::/129", "prefix"),
            arguments("2001:db8::1/32", "did you mean 2001:db8::/32"),
        arguments("10.0.0.0/24:0", "1..65535"), arguments("10.0.0.0/24:65536", "1..65535"),
        arguments("db.example.com:", "empty"), arguments("db.example.com:-1", "digits"),
        arguments("db.example.com:22abc", "digits"),
            arguments("db.example.com:022", "leading zero"),
        arguments("*.*.example.com", "one leading"), arguments("a.*.example.com", "leading label"),
        arguments("*example.com", "leading label"), arguments("*", "leading label"),
        arguments("*.", "empty"), arguments("*.10.0.0.1", "not IP addresses"),
        arguments("**.example.com", "leading label"),
            arguments("db.example.com:22:33", "not an IPv6 address"),
        arguments("[2001:db8::1]22", "after ']'"), arguments("[2001:db8::1", "without ']'"),
        arguments("2001:db8::1]:22", "IPv6"), arguments("[10.0.0.1]:22", "IPv6"),
        arguments("fe80::1%eth0", "zone"), arguments("0177.0.0.1", "octal"),
        arguments("127.1", "four decimal octets"), arguments("::ffff:10.0.0.0/64", "96..128"),
        arguments(" db.example.com", "whitespace"), arguments("db example.com", "whitespace"),
        arguments("10.0.0.0/24 ", "whitespace"), arguments("", "empty"),
        arguments("db.example.com\n10.0.0.0/8", "whitespace"),
            arguments("0x0a.0.0.0/8", "not a strict IP"),
        arguments("10.0.0/24", "four decimal octets"), arguments("::127.0.0.1", "deprecated"));
  }

  @ParameterizedTest
  @MethodSource
  void hostileHostEntries(String entry, String reason) {
    assertThatThrownBy(() -> HostPolicy.of(List.of("db.example.com", entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("allowedHosts[1] " + Refusal.quote(entry) + ": ")
        .hasMessageContaining(reason);
    HOSTILE.incrementAndGet();
  }

  static Stream<Arguments> legitimateHostEntries() {
    return Stream.of(
        arguments("db.example.com:22", "db.example.com:22"),
        arguments("DB.Example.COM.", "db.example.com"),
        arguments("[2001:db8::1]:22", "[2001:db8::1]:22"),
        arguments("2001:db8::/32:443", "[2001:db8::/32]:443"),
        arguments("[2001:db8::/32]:443", "[2001:db8::/32]:443"),
        arguments("2001:0db8::0001", "2001:db8::1"),
        arguments("10.0.0.0/24:443", "10.0.0.0/24:443"),
        arguments("10.0.0.1/32", "10.0.0.1/32"),
        arguments("0.0.0.0/0", "0.0.0.0/0"),
        arguments("::/0", "::/0"),
        arguments("::ffff:10.0.0.0/120", "10.0.0.0/24"),
        arguments("::ffff:10.0.0.1", "10.0.0.1"),
        arguments("*.corp.example.com:22", "*.corp.example.com:22"),
        arguments("*.B\u00dcCHER.example", "*.xn--bcher-kva.example"),
        arguments("firewall.local:65535", "firewall.local:65535"),
        arguments("firewall.local:1", "firewall.local:1"));
  }

  @ParameterizedTest
  @MethodSource
  void legitimateHostEntries(String entry, String canonical) {
    assertThat(HostRule.parse(entry).canonical()).isEqualTo(canonical);
    LEGITIMATE.incrementAndGet();
  }

  // ---------------------------------------------------------------- DNS servers

  static Stream<Arguments> hostileDnsServers() {
    return Stream.of(
        arguments("dns.example.com", "dnsServers"), arguments("192.0.2.52", "dnsServers"),
        arguments("2001:db8::54", "dnsServers"), arguments("::ffff:192.0.2.52", "dnsServers"),
        arguments("192.0.2.053", "host.syntax"), arguments("0xc0.0.2.53", "host.syntax"),
        arguments("3221226037", "host.syntax"), arguments("192.0.2.53:53", "host.syntax"),
        arguments("2001:db8::53%eth0", "host.syntax"), arguments("192.0.2.53;id", "host.syntax"),
        arguments("-192.0.2.53", "host.syntax"), arguments("@192.0.2.53", "host.syntax"),
        arguments("", "host.syntax"), arguments("192.0.2.53\n", "host.syntax"));
  }

  @ParameterizedTest
  @MethodSource
  void hostileDnsServers(String server, String rule) {
    assertRefused(
        () -> DNS.check(server), rule, "; allowed: the DNS servers 192.0.2.53, 2001:db8::53");
    HOSTILE.incrementAndGet();
  }

  static Stream<Arguments> legitimateDnsServers() {
    return Stream.of(
        arguments("192.0.2.53", "192.0.2.53"),
        arguments("::ffff:192.0.2.53", "192.0.2.53"),
        arguments("2001:DB8::53", "2001:db8::53"),
        arguments("[2001:db8::53]", "2001:db8::53"),
        arguments("2001:db8:0:0:0:0:0:53", "2001:db8::53"));
  }

  @ParameterizedTest
  @MethodSource
  void legitimateDnsServers(String server, String canonical) {
    assertThat(DNS.check(server)).isEqualTo(canonical);
    LEGITIMATE.incrementAndGet();
  }

  // ---------------------------------------------------------------- paths

  static Stream<Arguments> hostilePaths() {
    String outside = "allowedDirectories";
    String syntax = "path.syntax";
    return Stream.of(
        arguments("/etc/passwd", outside),
        arguments("/var/log2/x", outside),
        arguments("/var/log2", outside),
        arguments("/var/logs", outside),
        arguments("/var/lo", outside),
        arguments("/var", outside),
        arguments("/", outside),
        arguments("//etc/passwd", outside),
        arguments("/etc/nginx2/x", outside),
        arguments("/srv/database", outside),
        arguments("/./etc/passwd", outside),
        arguments("/var/./log2", outside),
        arguments("/var/log\u00a0/x", syntax),
        arguments("/VAR/LOG/syslog", outside),
        arguments("/var/log/../../etc/passwd", syntax),
        arguments("/var/log/..", syntax),
        arguments("/var/log/../log/syslog", syntax),
        arguments("/..", syntax),
        arguments("/var/log/x/../../..", syntax),
        arguments("var/log/syslog", syntax),
        arguments("./var/log/x", syntax),
        arguments("../var/log", syntax),
        arguments("", syntax),
        arguments(null, syntax),
        arguments("~/x", syntax),
        arguments("~root/.ssh/id_rsa", syntax),
        arguments("/var/log/%2e%2e/%2e%2e/etc/passwd", syntax),
        arguments("/var/log/%2E%2E/x", syntax),
        arguments("/var/log/%2fetc", syntax),
        arguments("/var/log/syslog\u0000.txt", syntax),
        arguments("/var/log/x\n/etc/passwd", syntax),
        arguments("/var/log\\..\\..\\etc\\passwd", syntax),
        arguments("C:\\Windows", syntax),
        arguments("\\var\\log", syntax),
        arguments("/var/log/\u202etxt.sh", syntax),
        arguments("/var/log/x\r", syntax),
        arguments("/var/log/\ttab", syntax),
        arguments("/var/log/\u200bx", syntax),
        arguments("/var/log/" + "a".repeat(5000), syntax),
        arguments("-n/var/log/syslog", syntax),
        arguments(" /var/log/syslog", syntax),
        arguments("file:///etc/passwd", syntax));
  }

  @ParameterizedTest
  @MethodSource
  void hostilePaths(String path, String rule) {
    assertRefused(
        () -> PATHS.check(path), rule, "; allowed: paths inside /var/log, /etc/nginx, /srv/data");
    assertRefused(() -> PATHS.checkResolved(path), rule, "; allowed: paths inside /var/log");
    HOSTILE.incrementAndGet();
  }

  static Stream<Arguments> hostileResolvedPaths() {
    return Stream.of(
        arguments("/var/log/./syslog", "path.syntax"),
        arguments("/var/log//syslog", "path.syntax"),
        arguments("/var/log/", "path.syntax"),
        arguments("/etc/shadow", "allowedDirectories"),
        arguments("/var/log2/syslog", "allowedDirectories"));
  }

  @ParameterizedTest
  @MethodSource
  void hostileResolvedPaths(String path, String rule) {
    assertRefused(() -> PATHS.checkResolved(path), rule, "; allowed: paths inside /var/log");
    HOSTILE.incrementAndGet();
  }

  static Stream<Arguments> legitimatePaths() {
    return Stream.of(
        arguments("/var/log", "/var/log"),
        arguments("/var/log/", "/var/log"),
        arguments("/var/log/syslog", "/var/log/syslog"),
        arguments("/var/log//syslog", "/var/log/syslog"),
        arguments("/var/log/./syslog", "/var/log/syslog"),
        arguments("//var/log/syslog", "/var/log/syslog"),
        arguments("/var/log/nginx/access.log", "/var/log/nginx/access.log"),
        arguments("/etc/nginx/nginx.conf", "/etc/nginx/nginx.conf"),
        arguments("/srv/data/x", "/srv/data/x"),
        arguments("/srv/data", "/srv/data"),
        arguments("/var/log/...", "/var/log/..."),
        arguments("/var/log/..hidden", "/var/log/..hidden"),
        arguments("/var/log/a..b", "/var/log/a..b"),
        arguments("/var/log/%zz", "/var/log/%zz"),
        arguments("/var/log/100%", "/var/log/100%"),
        arguments("/var/log/b\u00fccher.log", "/var/log/b\u00fccher.log"),
        arguments("/var/log/-n", "/var/log/-n"),
        arguments("/var/log/a b", "/var/log/a b"));
  }

  @ParameterizedTest
  @MethodSource
  void legitimatePaths(String path, String normalised) {
    assertThat(PATHS.check(path)).isEqualTo(normalised);
    assertThat(PATHS.checkResolved(normalised)).isEqualTo(normalised);
    LEGITIMATE.incrementAndGet();
  }

  static Stream<Arguments> hostileAllowedDirectories() {
    return Stream.of(
        arguments("var/log", "absolute"),
        arguments("/var/log/../etc", "'..'"),
        arguments("/var/./log", "normalised"),
        arguments("//var/log", "normalised"),
        arguments("/var/log\u0000", "NUL"),
        arguments("", "empty"),
        arguments("/var/%2e%2e/etc", "percent"),
        arguments("/var/log//", "normalised"),
        arguments("~/logs", "absolute"),
        arguments("/var\\log", "backslash"));
  }

  @ParameterizedTest
  @MethodSource
  void hostileAllowedDirectories(String dir, String reason) {
    assertThatThrownBy(() -> PathPolicy.of(List.of("/tmp", dir)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("allowedDirectories[1] ")
        .hasMessageContaining(reason);
    HOSTILE.incrementAndGet();
  }

  // ---------------------------------------------------------------- remote commands

  static Stream<Arguments> hostileRemoteCommands() {
    String syntax = "remoteCommand.syntax";
    String prefix = "allowedRemoteCommands";
    String outside = "allowedDirectories";
    return Stream.of(
        arguments("show interface; reload", syntax),
        arguments("show interface;reload", syntax),
        arguments("show interface && reload", syntax),
        arguments("show interface || reload", syntax),
        arguments("show interface | include up", syntax),
        arguments("show interface & reload", syntax),
        arguments("show interface $(reload)", syntax),
        arguments("show interface `reload`", syntax),
        arguments("show interface ${IFS}reload", syntax),
        arguments("show interface $HOME", syntax),
        arguments("show interface\nreload", syntax),
        arguments("show interface\rreload", syntax),
        arguments("show interface > /tmp/x", syntax),
        arguments("show interface < /etc/passwd", syntax),
        arguments("show interface 2>&1", syntax),
        arguments("show interface 'x'", syntax),
        arguments("show interface \"x\"", syntax),
        arguments("show interface \\x", syntax),
        arguments("ls *", syntax),
        arguments("ls /var/log/*.log", syntax),
        arguments("ls ?", syntax),
        arguments("ls [a-z]", syntax),
        arguments("ls {a,b}", syntax),
        arguments("ls ~", syntax),
        arguments("ls ~root", syntax),
        arguments("ls !$", syntax),
        arguments("show interface # comment", syntax),
        arguments("show interface ^x", syntax),
        arguments("cat /var/log/../../etc/passwd", syntax),
        arguments("cat ../../etc/passwd", syntax),
        arguments("cat ..", syntax),
        arguments("cat x/../y", syntax),
        arguments("cat --file=../x", syntax),
        arguments("ls =ls", syntax),
        arguments("", syntax),
        arguments("   ", syntax),
        arguments("\t", syntax),
        arguments(null, syntax),
        arguments("show interface\u0000", syntax),
        arguments("show interface\u000b", syntax),
        arguments("show interface\u00a0status", syntax),
        arguments("show interface\u2028reload", syntax),
        arguments("show interface \uFF1Breload", syntax),
        arguments("show interface \u2018x\u2019", syntax),
        arguments("show\u3000interface", syntax),
        arguments("ls " + "a ".repeat(70), syntax),
        arguments("ls " + "a".repeat(5000), syntax),
        arguments("show interface (x)", syntax),
        arguments("show interface)", syntax),
        arguments("ls $'\\x2f'", syntax),
        arguments("ls a\fb", syntax),
        arguments("show interfaces", prefix),
        arguments("show", prefix),
        arguments("show interfac", prefix),
        arguments("Show interface", prefix),
        arguments("reload", prefix),
        arguments("show-interface", prefix),
        arguments("showinterface", prefix),
        arguments("shows interface", prefix),
        arguments("ip route", prefix),
        arguments("ip", prefix),
        arguments("sh interface", prefix),
        arguments("show version2", prefix),
        arguments("lsblk", prefix),
        arguments("-oProxyCommand=id", prefix),
        arguments("cat2 /var/log/x", prefix),
        arguments("tail -n 1000", "remoteCommandRules[3]"),
        arguments("tail -n", "remoteCommandRules[3]"),
        arguments("show version x", "allowedRemoteCommands[0]"),
        arguments("ls -l", "remoteCommandRules[1]"),
        arguments("show interface -x", "remoteCommandRules[0]"),
        arguments("cat syslog", "remoteCommandRules[2]"),
        arguments("cat /etc/passwd", outside),
        arguments("cat /var/log2/x", outside),
        arguments("ls --file=/etc/passwd", outside),
        arguments("ls if=/etc/passwd", outside),
        arguments("ls -f/etc/shadow", outside),
        arguments("ls x:/etc/passwd", outside),
        arguments("ls a,/etc/passwd", outside),
        arguments("cat /var/log/x,/etc/passwd", outside),
        arguments("cat user@/etc/passwd", outside),
        arguments("tail -n 100 /etc/shadow", outside),
        arguments("cat //etc/passwd", outside),
        arguments("cat /", outside),
        arguments("cat /var/log/%2e%2e/etc/passwd", "path.syntax"));
  }

  @ParameterizedTest
  @MethodSource
  void hostileRemoteCommands(String command, String rule) {
    String allowed =
        rule.startsWith("path") || rule.equals("allowedDirectories")
            ? "; allowed: paths inside /var/log"
            : rule.endsWith("]")
                ? "; allowed: the command '"
                : "; allowed: the commands 'show version' exactly, 'ip route show' exactly, 'show interface', then any words";
    assertRefused(() -> COMMANDS.check(command), rule, allowed);
    HOSTILE.incrementAndGet();
  }

  static Stream<Arguments> legitimateRemoteCommands() {
    return Stream.of(
        arguments("show interface", List.of("show", "interface")),
        arguments("show interface status", List.of("show", "interface", "status")),
        arguments("show  interface\tstatus", List.of("show", "interface", "status")),
        arguments("  show interface  ", List.of("show", "interface")),
        arguments("show version", List.of("show", "version")),
        arguments(
            "show interface GigabitEthernet0/1",
            List.of("show", "interface", "GigabitEthernet0/1")),
        arguments(
            "show interface Gi1/0/1 counters", List.of("show", "interface", "Gi1/0/1", "counters")),
        arguments("ls", List.of("ls")),
        arguments("ls -la", List.of("ls", "-la")),
        arguments("ls /var/log", List.of("ls", "/var/log")),
        arguments("cat /var/log/syslog", List.of("cat", "/var/log/syslog")),
        arguments("cat /var/log//syslog", List.of("cat", "/var/log//syslog")),
        arguments(
            "tail -n 100 /var/log/messages", List.of("tail", "-n", "100", "/var/log/messages")),
        arguments("tail /var/log/messages -n 5", List.of("tail", "/var/log/messages", "-n", "5")),
        arguments("ip route show", List.of("ip", "route", "show")),
        arguments("show interface a,b", List.of("show", "interface", "a,b")),
        arguments("show interface 100%", List.of("show", "interface", "100%")),
        arguments("show interface x=y", List.of("show", "interface", "x=y")),
        arguments("ls /var/log/...", List.of("ls", "/var/log/...")),
        arguments("show interface a..b", List.of("show", "interface", "a..b")),
        arguments("show interface user@host", List.of("show", "interface", "user@host")));
  }

  @ParameterizedTest
  @MethodSource
  void legitimateRemoteCommands(String command, List<String> tokens) {
    assertThat(COMMANDS.check(command)).isEqualTo(tokens);
    LEGITIMATE.incrementAndGet();
  }

  static Stream<Arguments> hostileRemoteCommandEntries() {
    return Stream.of(
        arguments("show; reload"),
        arguments(""),
        arguments("ls *"),
        arguments("cat $(id)"),
        arguments("show\ninterface"));
  }

  @ParameterizedTest
  @MethodSource
  void hostileRemoteCommandEntries(String entry) {
    assertThatThrownBy(() -> RemoteCommandPolicy.of(List.of("ls", entry), PATHS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("allowedRemoteCommands[1] ");
    HOSTILE.incrementAndGet();
  }
}
