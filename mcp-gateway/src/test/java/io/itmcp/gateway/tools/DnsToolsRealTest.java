package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.itmcp.gateway.runtime.Binaries;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.gateway.tools.network.DigTool;
import io.itmcp.gateway.tools.network.NslookupTool;
import io.itmcp.policy.EffectivePolicy;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * dig_tool and nslookup_tool against a dnsmasq the test starts with a test zone. As root it listens
 * on port 53 of a random 127.x.y.z address (the tools' real argv, no port option); otherwise on a
 * free high port of 127.0.0.1, with the tools built for that port.
 */
class DnsToolsRealTest {

  static Process dnsmasq;
  static String server;
  static int port;
  static Sandbox sandbox;
  static EffectivePolicy policy;

  @BeforeAll
  static void startDnsmasq() throws Exception {
    Binaries.require("bwrap", "dnsmasq", "dig", "nslookup");
    if (Binaries.runningAsRoot()) {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      server = "127." + r.nextInt(1, 250) + "." + r.nextInt(1, 250) + "." + r.nextInt(2, 250);
      port = 53;
    } else {
      server = "127.0.0.1";
      try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(server))) {
        port = s.getLocalPort();
      }
    }
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                Binaries.find("dnsmasq").orElseThrow().toString(),
                "--keep-in-foreground",
                "--log-facility=-",
                "--conf-file=/dev/null",
                "--pid-file",
                "--port=" + port,
                "--listen-address=" + server,
                "--bind-interfaces",
                "--no-resolv",
                "--no-hosts",
                "--host-record=web.itmcp.test,192.0.2.10,2001:db8::10",
                "--mx-host=itmcp.test,mail.itmcp.test,10",
                "--txt-record=itmcp.test,itmcp-test-zone",
                "--ptr-record=10.2.0.192.in-addr.arpa,web.itmcp.test"));
    if (Binaries.runningAsRoot()) {
      cmd.add("--user=root");
    }
    dnsmasq =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    policy =
        TestPolicies.builder()
            .hosts("itmcp.test", "*.itmcp.test", "192.0.2.0/24")
            .dnsServers(server)
            .build();
    sandbox = LocalSandboxRuntime.bubblewrap().open("dns", null, policy);
    // Wait until dnsmasq answers.
    await("dnsmasq answers on " + server + "#" + port)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!dnsmasq.isAlive()) {
                throw new IllegalStateException("dnsmasq exited with " + dnsmasq.exitValue());
              }
              Process probe =
                  new ProcessBuilder(
                          "dig",
                          "@" + server,
                          "-p",
                          Integer.toString(port),
                          "+short",
                          "+time=1",
                          "+tries=1",
                          "-q",
                          "web.itmcp.test")
                      .redirectErrorStream(true)
                      .start();
              String out = new String(probe.getInputStream().readAllBytes());
              probe.waitFor(5, TimeUnit.SECONDS);
              return out.contains("192.0.2.10");
            });
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (sandbox != null) {
      sandbox.close();
    }
    if (dnsmasq != null) {
      dnsmasq.destroy();
      dnsmasq.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static ToolCallRunner.Outcome call(ToolDefinition tool, Object... kv)
      throws InterruptedException {
    Map<String, Object> args = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      args.put((String) kv[i], kv[i + 1]);
    }
    return ToolCallRunner.run(sandbox, tool.plan(args, policy), policy, ProgressListener.NONE);
  }

  @Test
  void digAsksTheAllowedServer() throws InterruptedException {
    DigTool dig = new DigTool(port);
    ToolCallRunner.Outcome a =
        call(dig, "target", "web.itmcp.test", "server", server, "options", List.of("+short"));
    assertThat(a.result().exitCode()).as(a.result().stderr()).isZero();
    assertThat(a.result().stdout().strip()).isEqualTo("192.0.2.10");
    if (port == 53) {
      assertThat(a.plan().argv())
          .containsExactly("dig", "@" + server, "+short", "-q", "web.itmcp.test");
    }
    assertThat(
            call(
                    dig,
                    "target",
                    "web.itmcp.test",
                    "type",
                    "AAAA",
                    "server",
                    server,
                    "options",
                    List.of("+short"))
                .result()
                .stdout()
                .strip())
        .isEqualTo("2001:db8::10");
    assertThat(
            call(
                    dig,
                    "target",
                    "itmcp.test",
                    "type",
                    "MX",
                    "server",
                    server,
                    "options",
                    List.of("+short"))
                .result()
                .stdout()
                .strip())
        .isEqualTo("10 mail.itmcp.test.");
    assertThat(
            call(
                    dig,
                    "target",
                    "itmcp.test",
                    "type",
                    "TXT",
                    "server",
                    server,
                    "options",
                    List.of("+noall", "+answer"))
                .result()
                .stdout())
        .contains("itmcp-test-zone");
    assertThat(
            call(
                    dig,
                    "target",
                    "192.0.2.10",
                    "type",
                    "PTR",
                    "server",
                    server,
                    "options",
                    List.of("+short"))
                .result()
                .stdout()
                .strip())
        .isEqualTo("web.itmcp.test.");
  }

  @Test
  void nslookupAsksTheAllowedServer() throws InterruptedException {
    NslookupTool nslookup = new NslookupTool(port);
    ToolCallRunner.Outcome a =
        call(nslookup, "target", "web.itmcp.test", "type", "A", "server", server);
    assertThat(a.result().exitCode()).as(a.result().stdout() + a.result().stderr()).isZero();
    assertThat(a.result().stdout()).contains("Address: 192.0.2.10").contains(server + "#" + port);
    assertThat(
            call(nslookup, "target", "itmcp.test", "type", "MX", "server", server)
                .result()
                .stdout())
        .contains("mail exchanger = 10 mail.itmcp.test.");
  }
}
