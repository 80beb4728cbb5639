package io.itmcp.gateway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stdio gateway as most MCP hosts reach it: through the official TypeScript SDK's client
 * (src/test/node/bench-client.mjs, which spawns the gateway), driven one {@code cat_tool} call at a
 * time over the script's own stdin. Each call's time includes that one line there and back.
 */
final class StdioTypeScriptClient implements AutoCloseable {

  private final Process node;
  private final OutputStream in;
  private final BufferedReader out;

  private StdioTypeScriptClient(Process node) {
    this.node = node;
    this.in = node.getOutputStream();
    this.out =
        new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Starts the client on {@code gateway} (the command as {@code ./itmcp} starts it). */
  static StdioTypeScriptClient spawn(Path installDir, Path file, List<String> gateway)
      throws IOException {
    List<String> argv = new ArrayList<>(List.of("node", "bench-client.mjs", file.toString()));
    argv.addAll(gateway);
    StdioTypeScriptClient client =
        new StdioTypeScriptClient(
            new ProcessBuilder(argv)
                .directory(installDir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start());
    client.expect("ready");
    return client;
  }

  /** One {@code cat_tool} call; {@link IllegalStateException} unless it succeeded. */
  void call() throws IOException {
    in.write("call\n".getBytes(StandardCharsets.UTF_8));
    in.flush();
    expect("ok");
  }

  /** The gateway process the client spawned. */
  ProcessHandle gateway() {
    return node.toHandle()
        .children()
        .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the client's gateway process was not found"));
  }

  private void expect(String answer) throws IOException {
    String line = out.readLine();
    if (!answer.equals(line)) {
      throw new IllegalStateException(
          "the TypeScript SDK client said " + (line == null ? "nothing (it ended)" : line));
    }
  }

  @Override
  public void close() throws InterruptedException, IOException {
    ChildEnd.hangUp(node);
  }
}
