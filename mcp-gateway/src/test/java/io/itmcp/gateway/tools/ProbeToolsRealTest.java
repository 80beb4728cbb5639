package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.Binaries;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import io.itmcp.gateway.server.ToolResults;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.gateway.tools.network.TlsCheckTool;
import io.itmcp.gateway.tools.network.TracerouteTool;
import io.itmcp.policy.EffectivePolicy;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * traceroute_tool and tls_check_tool with the real binaries through the local bubblewrap runtime,
 * on loopback only: traceroute to 127.0.0.1 and ::1, and an HTTPS server the test starts with a
 * self-signed certificate it makes with openssl.
 */
class ProbeToolsRealTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-04T00:00:00Z"), ZoneOffset.UTC);
  private static LocalSandboxRuntime runtime;

  @TempDir Path dir;
  private Sandbox sandbox;
  private final EffectivePolicy policy =
      TestPolicies.builder()
          .tools(ToolName.TRACEROUTE, ToolName.TLS_CHECK)
          .hosts("127.0.0.1", "::1", "localhost")
          .toolTimeoutSeconds(30)
          .build();

  @BeforeAll
  static void runtime() {
    runtime = Binaries.bubblewrapRuntime();
  }

  @BeforeEach
  void open() throws Exception {
    sandbox = runtime.open("probe-tools", null, policy);
  }

  @AfterEach
  void close() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private ToolCallRunner.Outcome call(ToolDefinition tool, Object... kv)
      throws InterruptedException {
    Map<String, Object> args = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      args.put((String) kv[i], kv[i + 1]);
    }
    return ToolCallRunner.run(sandbox, tool.plan(args, policy), policy, ProgressListener.NONE);
  }

  private static String describe(ToolCallRunner.Outcome o) {
    return o.plan().argv()
        + " -> exit "
        + o.result().exitCode()
        + "\nstdout: "
        + o.result().stdout()
        + "\nstderr: "
        + o.result().stderr()
        + "\nfields: "
        + o.structured();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structuredContent(
      ToolDefinition tool, ToolCallRunner.Outcome o) {
    CallToolResult r =
        ToolResults.ran(
            o.result(),
            o.structured(),
            o.deadlineWasError(),
            tool.failureToRun(o.result()),
            1 << 20,
            30);
    assertThat(r.isError()).as(describe(o)).isFalse();
    // what a client checks the result against: the tool's declared outputSchema
    var verdict =
        new DefaultJsonSchemaValidator()
            .validate(ToolResults.outputSchema(tool.structuredProperties()), r.structuredContent());
    assertThat(verdict.valid())
        .as(verdict.errorMessage() + " in " + r.structuredContent())
        .isTrue();
    return (Map<String, Object>) r.structuredContent();
  }

  @Test
  void tracerouteWithUdpReachesLoopbackInOneHop() throws InterruptedException {
    Binaries.require("traceroute.db");
    TracerouteTool tool = new TracerouteTool();
    ToolCallRunner.Outcome o = call(tool, "target", "127.0.0.1", "max_hops", 3);
    assertThat(o.result().exitCode()).as(describe(o)).isZero();
    Map<String, Object> content = structuredContent(tool, o);
    assertThat(content)
        .containsEntry("destination", "127.0.0.1")
        .containsEntry("reached", true)
        .containsKeys("exitCode", "stdout", "durationMs");
    List<Map<String, Object>> hops = (List<Map<String, Object>>) content.get("hops");
    assertThat(hops).hasSize(1);
    assertThat(hops.get(0))
        .containsEntry("hop", 1)
        .containsEntry("address", "127.0.0.1")
        .containsEntry("lost", 0);
    assertThat((List<Double>) hops.get(0).get("rttMs"))
        .hasSize(3)
        .allSatisfy(rtt -> assertThat(rtt).isBetween(0.0, 1000.0));
  }

  @Test
  void tracerouteWithIcmpReachesLoopback() throws InterruptedException {
    Binaries.require("traceroute.db");
    ToolCallRunner.Outcome o =
        call(new TracerouteTool(), "target", "127.0.0.1", "protocol", "icmp", "max_hops", 2);
    assertThat(o.plan().argv()).contains("-I");
    assertThat(o.result().exitCode()).as(describe(o)).isZero();
    assertThat(o.structured()).containsEntry("reached", true);
  }

  @Test
  void tracerouteReachesIpv6Loopback() throws InterruptedException {
    Binaries.require("traceroute.db");
    ToolCallRunner.Outcome o =
        call(new TracerouteTool(), "target", "0:0:0:0:0:0:0:1", "max_hops", 2);
    assertThat(o.result().exitCode()).as(describe(o)).isZero();
    assertThat(o.structured()).containsEntry("destination", "::1").containsEntry("reached", true);
  }

  /**
   * The parser against real output of silent hops: traceroute.db (the tool's argv) in a network
   * namespace of this test's own, where 10.99.0.0/24 is routed into loopback and dropped there as
   * martian, so no probe gets an answer and no packet leaves the namespace.
   */
  @Test
  @SuppressWarnings("unchecked")
  void silentHopsAndAnUnreachedDestinationAreReadFromRealOutput() throws Exception {
    Binaries.require("traceroute.db", "unshare", "ip");
    if (!Binaries.runningAsRoot()) {
      Binaries.unavailable("a private network namespace needs root here");
    }
    List<String> argv =
        new TracerouteTool()
            .plan(
                Map.of("target", "10.99.0.2", "max_hops", 2),
                TestPolicies.builder().tools(ToolName.TRACEROUTE).hosts("10.99.0.0/24").build())
            .argv();
    // the test harness (not the tool) uses a shell to set up the namespace, then execs the tool's
    // argv in it
    ProcessBuilder inNamespace =
        new ProcessBuilder(
            concat(
                List.of(
                    "unshare",
                    "--net",
                    "--",
                    "/bin/sh",
                    "-ec",
                    "ip link set lo up; ip route add 10.99.0.0/24 dev lo; exec \"$@\"",
                    "sh"),
                argv));
    Process run = inNamespace.start();
    String stdout = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(run.exitValue()).as(stdout).isZero();
    Map<String, Object> fields = io.itmcp.gateway.tools.network.TracerouteHops.read(stdout);
    assertThat(fields)
        .as(stdout)
        .containsEntry("destination", "10.99.0.2")
        .containsEntry("reached", false);
    assertThat((List<Map<String, Object>>) fields.get("hops"))
        .as(stdout)
        .containsExactly(
            Map.of("hop", 1, "rttMs", List.of(), "lost", 3),
            Map.of("hop", 2, "rttMs", List.of(), "lost", 3));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /**
   * An HTTPS server on 127.0.0.1 with a certificate this test made; records the SNI names it was
   * sent.
   */
  private static final class TlsServer implements AutoCloseable {
    final SSLServerSocket socket;
    final List<String> serverNames = new CopyOnWriteArrayList<>();
    final Thread acceptor;

    TlsServer(Path dir) throws Exception {
      run(
          dir,
          "openssl",
          "req",
          "-x509",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:P-256",
          "-nodes",
          "-days",
          "30",
          "-subj",
          "/CN=localhost/O=ITMCP tls_check test",
          "-addext",
          "subjectAltName=DNS:localhost,IP:127.0.0.1",
          "-keyout",
          "key.pem",
          "-out",
          "cert.pem");
      run(
          dir,
          "openssl",
          "pkcs12",
          "-export",
          "-inkey",
          "key.pem",
          "-in",
          "cert.pem",
          "-out",
          "server.p12",
          "-passout",
          "pass:changeit");
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = java.nio.file.Files.newInputStream(dir.resolve("server.p12"))) {
        store.load(in, "changeit".toCharArray());
      }
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, "changeit".toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      socket =
          (SSLServerSocket)
              context
                  .getServerSocketFactory()
                  .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      acceptor = new Thread(this::serve, "tls-check-test-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (SSLSocket s = (SSLSocket) socket.accept()) {
          s.setSoTimeout(5000);
          s.startHandshake();
          ((ExtendedSSLSession) s.getSession())
              .getRequestedServerNames()
              .forEach(
                  n ->
                      serverNames.add(
                          n instanceof SNIHostName h ? h.getAsciiName() : n.toString()));
          OutputStream out = s.getOutputStream();
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException e) {
          // a client that closed early; the next one is served
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  static void run(Path dir, String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", argv) + ": " + out).isZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void tlsCheckReadsTheTestsSelfSignedCertificateAndSaysWhyItDoesNotVerify() throws Exception {
    Binaries.require("openssl");
    TlsCheckTool tool = new TlsCheckTool(CLOCK);
    try (TlsServer server = new TlsServer(dir)) {
      ToolCallRunner.Outcome o =
          call(tool, "target", "127.0.0.1", "port", server.port(), "servername", "localhost");
      assertThat(o.plan().argv())
          .containsSequence("-servername", "localhost", "-verify_hostname", "localhost");
      assertThat(o.result().exitCode()).as(describe(o)).isZero();
      Map<String, Object> content = structuredContent(tool, o);
      assertThat(content)
          .containsEntry("protocol", "TLSv1.3")
          .containsEntry("verified", false)
          .containsKey("cipher");
      assertThat((Map<String, Object>) content.get("verification"))
          .containsEntry("code", 18)
          .containsEntry("reason", "self-signed certificate")
          .containsEntry("name", "localhost");
      List<Map<String, Object>> chain = (List<Map<String, Object>>) content.get("chain");
      assertThat(chain).hasSize(1);
      assertThat(chain.get(0))
          .containsEntry("subject", "O=ITMCP tls_check test,CN=localhost")
          .containsEntry("subjectAltNames", List.of("DNS:localhost", "IP:127.0.0.1"))
          .containsEntry("keyType", "EC")
          .containsEntry("keySize", 256)
          .containsEntry("signatureAlgorithm", "SHA256withECDSA")
          .containsEntry("selfIssued", true);
      assertThat((Long) chain.get(0).get("daysLeft")).isBetween(-400L, 400L);
      assertThat(o.result().stdout())
          .doesNotContain("-----BEGIN CERTIFICATE-----")
          .contains("[certificate 0: PEM in structuredContent.chain]");
      assertThat(server.serverNames).contains("localhost");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void tlsCheckOfAnAddressSendsNoSniAndChecksTheAddress() throws Exception {
    Binaries.require("openssl");
    try (TlsServer server = new TlsServer(dir)) {
      ToolCallRunner.Outcome o =
          call(new TlsCheckTool(CLOCK), "target", "127.0.0.1", "port", server.port());
      assertThat(o.result().exitCode()).as(describe(o)).isZero();
      assertThat((Map<String, Object>) o.structured().get("verification"))
          .containsEntry("name", "127.0.0.1");
      assertThat(server.serverNames).isEmpty();
    }
  }

  @Test
  void aClosedPortAndAServerThatSpeaksNoTlsAreFailuresToRun() throws Exception {
    Binaries.require("openssl");
    TlsCheckTool tool = new TlsCheckTool(CLOCK);
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    ToolCallRunner.Outcome refused = call(tool, "target", "127.0.0.1", "port", closed);
    assertThat(tool.failureToRun(refused.result()))
        .as(describe(refused))
        .hasValueSatisfying(
            why -> assertThat(why).contains("no TLS handshake completed").contains("refused"));
    try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Thread t =
          new Thread(
              () -> {
                try (Socket s = plain.accept()) {
                  s.getOutputStream()
                      .write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
                  s.getInputStream().read(new byte[4096]);
                } catch (IOException e) {
                  // the client hung up
                }
              });
      t.setDaemon(true);
      t.start();
      ToolCallRunner.Outcome notTls =
          call(tool, "target", "127.0.0.1", "port", plain.getLocalPort());
      assertThat(tool.failureToRun(notTls.result())).as(describe(notTls)).isPresent();
      assertThat(notTls.structured()).doesNotContainKeys("protocol", "verified");
      assertThat(notTls.result().durationMs()).isLessThan(Duration.ofSeconds(15).toMillis());
    }
  }
}
