package io.itmcp.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/** The shaded jar (mcp-gateway/target/itmcp-gateway.jar) as users run it. */
public final class GatewayJar {

  /**
   * How long a started jar may take to answer /healthz. A bound, not a wait: an idle machine
   * answers in seconds, but the suite runs these tests beside e2e and the gateway's other tests,
   * and a shared 2-core machine under load took 58 s for one start.
   */
  private static final Duration START_BOUND = Duration.ofSeconds(180);

  private GatewayJar() {}

  /**
   * System property: {@code true} starts every jar with C1 alone, HTTP included; unset, only stdio
   * as {@code ./itmcp} does (the benchmark times HTTP as users run it).
   */
  public static final String C1_ALWAYS = "itmcp.gateway.jar.c1";

  public static Path jar() {
    Path jar = Path.of(System.getProperty("itmcp.gateway.jar", "target/itmcp-gateway.jar"));
    assertThat(jar).as("the shaded jar is built by 'package' before the *IT tests").exists();
    return jar;
  }

  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * {@code java ... -jar itmcp-gateway.jar ARGS} with the JVM options {@code ./itmcp} gives it: JVM
   * warnings on stderr (never on stdout, the MCP channel), the AppCDS archive the build writes
   * beside the jar when it is there, and C1 alone for {@code --stdio}. With {@link #C1_ALWAYS} set
   * (the jar tests set it) every started jar compiles with C1 alone: a test's gateway lives for
   * seconds, where C2 costs more CPU than it wins back. Measured: a stdio start and one ping call
   * 1.3 CPU-s with these options against 4.3 with none; an HTTP start and one initialize 1.9 with
   * C1 and the archive against 3.5-4.4 with the archive alone and 4.8-5.1 with neither.
   */
  public static List<String> command(String... args) {
    List<String> argv = new ArrayList<>(List.of(java()));
    argv.addAll(jvmOptions(jar(), List.of(args), Boolean.getBoolean(C1_ALWAYS)));
    argv.addAll(List.of("-jar", jar().toString()));
    argv.addAll(List.of(args));
    return argv;
  }

  /** {@code ./itmcp serve --stdio --policy POLICY --audit-log AUDIT_LOG}, as {@link #command}. */
  public static List<String> stdio(Path policy, Path auditLog) {
    return command(
        "serve", "--stdio", "--policy", policy.toString(), "--audit-log", auditLog.toString());
  }

  /**
   * The process launch {@code ./itmcp} selects: bubblewrap exec'd straight from a vfork, not
   * through the JDK's jspawnhelper. The benchmark's direct spawn, the baseline of its ratios, runs
   * in a JVM started with it too, so that both sides spawn alike.
   */
  public static final String SPAWN_WITHOUT_HELPER = "-Djdk.lang.Process.launchMechanism=VFORK";

  /** The JIT {@code ./itmcp} gives a stdio gateway. */
  public static final List<String> STDIO_JIT = List.of("-XX:TieredStopAtLevel=1");

  /**
   * The options of {@code ./itmcp}, which these must follow; with {@code c1Always}, an HTTP gateway
   * gets a short-lived test JVM's JIT instead of full tiering.
   */
  static List<String> jvmOptions(Path jar, List<String> args, boolean c1Always) {
    List<String> options =
        new ArrayList<>(List.of("-Xlog:disable", "-Xlog:all=warning:stderr", SPAWN_WITHOUT_HELPER));
    Path archive = Path.of(jar + ".jsa");
    if (Files.isRegularFile(archive)) {
      options.add("-XX:SharedArchiveFile=" + archive);
    }
    if (args.contains("--stdio")) {
      options.addAll(STDIO_JIT);
    } else if (c1Always) {
      options.addAll(TestJvm.SHORT_LIVED_JIT);
    }
    return options;
  }

  /** A policy enabling cat, head and ping on 127.0.0.1, with the directory readable. */
  public static Path writePolicy(Path dir, Path allowedDir, int perUser, int callsPerMinute)
      throws IOException {
    return Files.writeString(
        dir.resolve("policy.yaml"),
        """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpPolicy
        metadata:
          name: it-policy
        spec:
          tools: [cat, head, ping]
          allowedHosts: ["127.0.0.1"]
          allowedDirectories: ["%s"]
          limits:
            maxSessions: 100
            maxSessionsPerUser: %d
            callsPerMinute: %d
            toolTimeoutSeconds: 20
            maxOutputBytes: 65536
        """
            .formatted(allowedDir.toString(), perUser, callsPerMinute));
  }

  public static Path writeTokens(Path dir, String user, String token) throws IOException {
    String hex =
        HexFormat.of().formatHex(io.itmcp.gateway.auth.BearerTokenAuthenticator.sha256(token));
    return Files.writeString(
        dir.resolve("tokens.yaml"),
        "tokens:\n  - user: " + user + "\n    groups: [netops]\n" + "    sha256: " + hex + "\n");
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A running {@code serve --http}; closed by destroying the process this test started. */
  public static final class HttpProcess implements AutoCloseable {
    public final Process process;
    public final int port;
    public final Path log;

    public HttpProcess(Process process, int port, Path log) {
      this.process = process;
      this.port = port;
      this.log = log;
    }

    public String url() {
      return "http://127.0.0.1:" + port + "/mcp";
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  public static HttpProcess startHttp(
      Path dir, Path policy, Path tokens, Path auditLog, String... moreOptions) throws Exception {
    int port = freePort();
    Path log = dir.resolve("gateway-http.log");
    List<String> argv =
        new ArrayList<>(
            command(
                "serve",
                "--http",
                "127.0.0.1:" + port,
                "--policy",
                policy.toString(),
                "--tokens",
                tokens.toString(),
                "--audit-log",
                auditLog.toString()));
    argv.addAll(List.of(moreOptions));
    Process p =
        new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      await("the gateway answers /healthz")
          .atMost(START_BOUND)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                if (!p.isAlive()) {
                  throw new AssertionError(
                      "gateway exited " + p.exitValue() + ":\n" + Files.readString(log));
                }
                try {
                  return RawHttp.send(
                              HttpRequest.newBuilder(
                                      URI.create("http://127.0.0.1:" + port + "/healthz"))
                                  .build())
                          .statusCode()
                      == 200;
                } catch (IOException notYet) {
                  return false;
                }
              });
      return new HttpProcess(p, port, log);
    } catch (ConditionTimeoutException e) {
      p.destroyForcibly();
      throw new AssertionError(
          "gateway did not answer /healthz within "
              + START_BOUND.toSeconds()
              + " s:\n"
              + Files.readString(log),
          e);
    }
  }
}
