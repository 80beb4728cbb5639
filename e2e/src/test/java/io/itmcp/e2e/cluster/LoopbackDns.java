package io.itmcp.e2e.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * dnsmasq on loopback with a test zone, as the gateway's DNS tool tests start it: as root on port
 * 53 of a random 127.x.y.z (so dig_tool's real argv, which names no port, reaches it); otherwise on
 * a free high port of 127.0.0.1.
 */
final class LoopbackDns implements AutoCloseable {
  static final String NAME = "web.itmcp.test";
  static final String ADDRESS = "192.0.2.10";

  final String ip;
  final int port;
  private final Process process;

  private LoopbackDns(String ip, int port, Process process) {
    this.ip = ip;
    this.port = port;
    this.process = process;
  }

  static boolean available() {
    return onPath("dnsmasq") && onPath("dig");
  }

  static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  static LoopbackDns start() throws IOException, InterruptedException {
    String ip;
    int port;
    if (runningAsRoot()) {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      ip = "127." + r.nextInt(1, 250) + "." + r.nextInt(1, 250) + "." + r.nextInt(2, 250);
      port = 53;
    } else {
      ip = "127.0.0.1";
      try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(ip))) {
        port = s.getLocalPort();
      }
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "dnsmasq",
                "--keep-in-foreground",
                "--log-facility=-",
                "--conf-file=/dev/null",
                "--pid-file",
                "--port=" + port,
                "--listen-address=" + ip,
                "--bind-interfaces",
                "--no-resolv",
                "--no-hosts",
                "--host-record=" + NAME + "," + ADDRESS));
    if (runningAsRoot()) {
      cmd.add("--user=root");
    }
    Process process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    LoopbackDns dns = new LoopbackDns(ip, port, process);
    try {
      await("dnsmasq answers on " + ip + "#" + port)
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException("dnsmasq exited with " + process.exitValue());
                }
                Process probe =
                    new ProcessBuilder(
                            "dig",
                            "@" + ip,
                            "-p",
                            Integer.toString(port),
                            "+short",
                            "+time=1",
                            "+tries=1",
                            "-q",
                            NAME)
                        .redirectErrorStream(true)
                        .start();
                String out = new String(probe.getInputStream().readAllBytes());
                probe.waitFor(5, TimeUnit.SECONDS);
                return out.contains(ADDRESS);
              });
      return dns;
    } catch (RuntimeException e) {
      dns.close();
      throw e;
    }
  }

  private static boolean onPath(String binary) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, binary))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", binary));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor(5, TimeUnit.SECONDS);
  }
}
