package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.gateway.runtime.Binaries;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.gateway.tools.network.TcpdumpTool;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyRefusedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * tcpdump_tool captures only traffic of allowed hosts: a TCP flow between two loopback addresses in
 * no allow-list (127.0.0.5 to 127.0.0.6, both ends started here) is never in the output, whatever
 * the filter, while a flow of the allowed 127.0.0.1 is. A plain tcpdump run beside the tool proves
 * the forbidden flow was on the wire during the captures.
 */
class CaptureScopeRealTest {

  private static final int SECONDS = 4;

  private static Map<String, Object> args(Object... kv) {
    Map<String, Object> args = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      args.put((String) kv[i], kv[i + 1]);
    }
    return args;
  }

  /** Connects from {@code from} to a listener on {@code to} over and over until stopped. */
  private static Thread flow(String from, String to, AtomicBoolean stop) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName(to));
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket accepted = server.accept()) {
                  accepted.getOutputStream().write('x');
                } catch (IOException e) {
                  return;
                }
              }
            },
            "accept-" + to);
    acceptor.setDaemon(true);
    acceptor.start();
    Thread client =
        new Thread(
            () -> {
              try (server) {
                while (!stop.get()) {
                  try (Socket s = new Socket()) {
                    s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
                    s.connect(
                        new InetSocketAddress(server.getInetAddress(), server.getLocalPort()),
                        1000);
                    s.getInputStream().read();
                  }
                  LockSupport.parkNanos(
                      TimeUnit.MILLISECONDS.toNanos(50)); // pacing, not synchronisation
                }
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            },
            "connect-" + from);
    client.setDaemon(true);
    client.start();
    return client;
  }

  @Test
  void aFlowBetweenHostsInNoAllowListIsNeverCapturedWhateverTheFilter() throws Exception {
    Binaries.require("tcpdump", "bwrap");
    if (!Binaries.runningAsRoot()) {
      Binaries.unavailable(
          "tcpdump needs CAP_NET_RAW, which the local runtime can grant only when the gateway runs as root");
    }
    LocalSandboxRuntime.Availability a = LocalSandboxRuntime.probe();
    if (!a.available()) {
      Binaries.unavailable("bubblewrap does not work here: " + a.detail());
    }
    EffectivePolicy policy =
        TestPolicies.builder().hosts("127.0.0.1").toolTimeoutSeconds(30).build();
    TcpdumpTool tcpdump = new TcpdumpTool(TestPolicies.NO_LOOKUPS);
    assertThatThrownBy(
            () -> tcpdump.plan(args("interface", "lo", "filter", "host 127.0.0.5"), policy))
        .as("naming a host outside the allow-list is refused before anything runs")
        .isInstanceOf(PolicyRefusedException.class);

    AtomicBoolean stop = new AtomicBoolean();
    Thread forbidden = flow("127.0.0.5", "127.0.0.6", stop);
    Thread allowed = flow("127.0.0.1", "127.0.0.1", stop);
    try (Sandbox sandbox = LocalSandboxRuntime.bubblewrap().open("capture-scope", null, policy)) {
      List<String> filters = List.of("", "not host 127.0.0.1", "tcp", "not port 22");
      List<CompletableFuture<ToolCallRunner.Outcome>> captures =
          filters.stream()
              .map(
                  filter ->
                      CompletableFuture.supplyAsync(
                          () -> {
                            Map<String, Object> call =
                                args("interface", "lo", "count", 1000, "timeout", SECONDS);
                            if (!filter.isEmpty()) {
                              call.put("filter", filter);
                            }
                            try {
                              return ToolCallRunner.run(
                                  sandbox,
                                  tcpdump.plan(call, policy),
                                  policy,
                                  ProgressListener.NONE);
                            } catch (InterruptedException e) {
                              throw new IllegalStateException(e);
                            }
                          }))
              .toList();
      Process control =
          new ProcessBuilder(
                  "timeout",
                  Integer.toString(SECONDS),
                  "tcpdump",
                  "-i",
                  "lo",
                  "-n",
                  "-l",
                  "-c",
                  "3",
                  "host",
                  "127.0.0.5")
              .redirectErrorStream(true)
              .start();
      String controlSaw = new String(control.getInputStream().readAllBytes());
      control.waitFor(SECONDS + 5, TimeUnit.SECONDS);
      for (int i = 0; i < filters.size(); i++) {
        ToolCallRunner.Outcome o = captures.get(i).get(60, TimeUnit.SECONDS);
        String out = o.result().stdout();
        System.out.printf(
            "[capture scope] filter '%s': %d lines captured%n",
            filters.get(i), out.lines().count());
        assertThat(out)
            .as(
                "filter '"
                    + filters.get(i)
                    + "', argv "
                    + o.plan().argv()
                    + "\nstderr: "
                    + o.result().stderr())
            .doesNotContain("127.0.0.5")
            .doesNotContain("127.0.0.6");
        if (filters.get(i).isEmpty() || filters.get(i).equals("tcp")) {
          assertThat(out)
              .as(
                  "the allowed flow is captured with filter '"
                      + filters.get(i)
                      + "': "
                      + o.result().stderr())
              .contains("127.0.0.1.");
        }
      }
      assertThat(controlSaw)
          .as("a plain tcpdump saw the forbidden flow during the captures")
          .contains("127.0.0.5");
    } finally {
      stop.set(true);
      forbidden.join(5_000);
      allowed.join(5_000);
    }
  }
}
