package io.itmcp.gateway.modern;

import io.itmcp.gateway.ssh.SshKeyDirectory;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.gateway.tools.ToolCatalog;
import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.policy.EffectivePolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every tool (the original twelve and the later ones) with arguments that run them against loopback
 * only: a file under /var/tmp (the sandbox has a private /tmp), a listening and a closed port on
 * 127.0.0.1, DNS and ssh asked of 127.0.0.1, traceroute to 127.0.0.1, an HTTP and a TLS check of
 * the closed port.
 */
final class TwelveTools implements AutoCloseable {

  final Path dir;
  final Path file;
  final ServerSocket open;
  final int closedPort;
  final Path keys;

  TwelveTools() throws IOException {
    dir = Files.createTempDirectory(Path.of("/var/tmp"), "itmcp-modern-");
    file = Files.writeString(dir.resolve("app.log"), "alpha one\nbeta two\ngamma three\n");
    keys = Files.createDirectory(dir.resolve("keys"));
    Files.writeString(keys.resolve("id_ed25519"), "not a real key\n");
    Files.writeString(keys.resolve("known_hosts"), "");
    open = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
  }

  List<ToolDefinition> catalog() {
    return ToolCatalog.all(SshKeyDirectory.mountedSecret(keys));
  }

  EffectivePolicy policy() {
    return TestPolicies.builder()
        .hosts("127.0.0.1")
        .dnsServers("127.0.0.1")
        .directories(dir.toString())
        .remoteCommands("uname -a")
        .sshUsers(Map.of("127.0.0.1", "itmcp"))
        .toolTimeoutSeconds(20)
        .build();
  }

  /** The arguments of each tool, in catalog order. */
  Map<String, Map<String, Object>> arguments() {
    Map<String, Map<String, Object>> a = new LinkedHashMap<>();
    a.put(
        "ssh_tool",
        Map.of("target", "127.0.0.1", "user", "itmcp", "command", "uname -a", "port", closedPort));
    a.put("ping_tool", Map.of("target", "127.0.0.1", "count", 1));
    a.put("nslookup_tool", Map.of("target", "127.0.0.1", "server", "127.0.0.1"));
    a.put("telnet_tool", Map.of("target", "127.0.0.1", "port", open.getLocalPort(), "timeout", 2));
    a.put("dig_tool", Map.of("target", "127.0.0.1", "server", "127.0.0.1"));
    a.put("tcpdump_tool", Map.of("interface", "lo", "count", 1, "timeout", 1));
    a.put("ps_tool", Map.of());
    a.put("cat_tool", Map.of("file_path", file.toString()));
    a.put("top_tool", Map.of("iterations", 1));
    a.put("grep_tool", Map.of("pattern", "beta", "file_path", file.toString()));
    a.put("head_tool", Map.of("file_path", file.toString()));
    a.put("tail_tool", Map.of("file_path", file.toString()));
    a.put("traceroute_tool", Map.of("target", "127.0.0.1", "max_hops", 2));
    a.put("http_check_tool", Map.of("url", "http://127.0.0.1:" + closedPort + "/", "timeout", 2));
    a.put("tls_check_tool", Map.of("target", "127.0.0.1", "port", closedPort));
    return a;
  }

  /** Tools whose exit status is 0 here; the others talk to loopback services that are not there. */
  static final List<String> SUCCEED =
      List.of(
          "ping_tool",
          "telnet_tool",
          "ps_tool",
          "cat_tool",
          "top_tool",
          "grep_tool",
          "head_tool",
          "tail_tool",
          "traceroute_tool");

  @Override
  public void close() throws IOException {
    open.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
