package io.itmcp.e2e.node;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock API server's dispatcher with pod exec added: {@code
 * /api/v1/namespaces/NS/pods/NAME/exec} is upgraded to a websocket speaking the Kubernetes channel
 * protocol (binary frames whose first byte is the channel: 1 stdout, 2 stderr, 3 the final Status
 * with the exit code), and the argv runs in the container the node made for that pod. Everything
 * else goes to the CRUD dispatcher.
 */
public final class PodExecDispatcher extends Dispatcher {
  private static final Pattern EXEC =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/exec\\?(.*)");
  private final Dispatcher crud;

  /** (pod key "ns/name", pod container name) -> docker container name, if the node runs it. */
  private final BiFunction<String, String, Optional<String>> containers;

  private final Launcher launcher;

  private volatile ExecObserver observer = (pod, arrived, started, ended) -> {};

  /**
   * Hears each exec's times (System.nanoTime): request arrived, process started, process ended (its
   * output sent, the Status next). For benchmarks: where a call's time goes.
   */
  @FunctionalInterface
  public interface ExecObserver {
    void ran(String pod, long arrivedNanos, long processStartedNanos, long processEndedNanos);
  }

  /**
   * The process that runs an exec's command for the target the node named (the websocket framing
   * stays here).
   */
  @FunctionalInterface
  public interface Launcher {
    List<String> argv(String target, List<String> command);
  }

  /** {@code docker exec TARGET COMMAND...}: the command runs in the node's container. */
  public static final Launcher DOCKER_EXEC =
      (container, command) -> {
        List<String> argv = new ArrayList<>(List.of("docker", "exec", container));
        argv.addAll(command);
        return argv;
      };

  public PodExecDispatcher(
      Dispatcher crud, BiFunction<String, String, Optional<String>> containers) {
    this(crud, containers, DOCKER_EXEC);
  }

  public PodExecDispatcher(
      Dispatcher crud, BiFunction<String, String, Optional<String>> containers, Launcher launcher) {
    this.crud = crud;
    this.containers = containers;
    this.launcher = launcher;
  }

  public void observe(ExecObserver observer) {
    this.observer = observer;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    long arrived = System.nanoTime();
    Matcher m = EXEC.matcher(request.getPath());
    if (!m.matches()) {
      return crud.dispatch(request);
    }
    String pod = m.group(1) + "/" + m.group(2);
    List<String> command = new ArrayList<>();
    String container = null;
    for (String pair : m.group(3).split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (key.equals("command")) {
        command.add(value);
      } else if (key.equals("container")) {
        container = value;
      } else if (key.equals("tty") && value.equals("true")
          || key.equals("stdin") && value.equals("true")) {
        return new MockResponse()
            .setResponseCode(400)
            .setBody("this node serves exec without stdin or tty");
      }
    }
    Optional<String> target = containers.apply(pod, container);
    if (target.isEmpty() || command.isEmpty()) {
      return new MockResponse()
          .setResponseCode(404)
          .setBody("no running container " + container + " in pod " + pod + " (or no command)");
    }
    String dockerContainer = target.get();
    return new MockResponse()
        .withWebSocketUpgrade(
            new WebSocketListener() {
              @Override
              public void onOpen(WebSocket ws, io.fabric8.mockwebserver.http.Response response) {
                Thread runner =
                    new Thread(
                        () -> run(ws, launcher.argv(dockerContainer, command), pod, arrived),
                        "exec-" + pod);
                runner.setDaemon(true);
                runner.start();
              }
            });
  }

  private void run(WebSocket ws, List<String> argv, String pod, long arrived) {
    int exit;
    long started = System.nanoTime();
    try {
      Process p = new ProcessBuilder(argv).start();
      p.getOutputStream().close();
      Thread err = pump(p.getErrorStream(), ws, (byte) 2);
      Thread out = pump(p.getInputStream(), ws, (byte) 1);
      exit = p.waitFor();
      out.join();
      err.join();
    } catch (IOException e) {
      exit = 126;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exit = 130;
    }
    observer.ran(pod, arrived, started, System.nanoTime());
    String status =
        Serialization.asJson(
            new StatusBuilder()
                .withStatus(exit == 0 ? "Success" : "Failure")
                .withReason(exit == 0 ? null : "NonZeroExitCode")
                .withNewDetails()
                .addNewCause()
                .withReason("ExitCode")
                .withMessage(Integer.toString(exit))
                .endCause()
                .endDetails()
                .build());
    ws.send(
        frame(
            (byte) 3,
            status.getBytes(StandardCharsets.UTF_8),
            status.getBytes(StandardCharsets.UTF_8).length));
    ws.close(1000, "");
  }

  private static Thread pump(InputStream in, WebSocket ws, byte channel) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  if (n > 0) {
                    ws.send(frame(channel, buf, n));
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static byte[] frame(byte channel, byte[] data, int length) {
    byte[] f = new byte[length + 1];
    f[0] = channel;
    System.arraycopy(data, 0, f, 1, length);
    return f;
  }
}
