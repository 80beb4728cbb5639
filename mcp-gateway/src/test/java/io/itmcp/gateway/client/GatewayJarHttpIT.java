package io.itmcp.gateway.client;

import static io.itmcp.gateway.client.JarCalls.EXERCISE_RECORDS;
import static io.itmcp.gateway.client.JarCalls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.itmcp.gateway.testing.GatewayJar;
import io.itmcp.gateway.testing.NodeClient;
import io.itmcp.gateway.testing.PingOutput;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar serving Streamable HTTP with the real catalog and the local (bubblewrap) runtime,
 * driven by the Java SDK client and the TypeScript SDK client. One gateway serves every case (a
 * start of the jar costs about 2 CPU-s): each client has a session of its own, and each case checks
 * only what its own calls did, the audit records after those already in the log included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayJarHttpIT {

  private static final String TOKEN = "it-token-5f1c0a";

  private Path allowed;
  private Path file;
  private Path auditLog;
  private GatewayJar.HttpProcess gateway;

  @BeforeAll
  void startGateway(@TempDir Path tmp) throws Exception {
    // under /var/tmp, not /tmp: the sandbox has a private /tmp
    allowed = Files.createTempDirectory(Path.of("/var/tmp"), "itmcp-it-");
    file = Files.writeString(allowed.resolve("hello.txt"), "hello from the real sandbox\n");
    Path policy = GatewayJar.writePolicy(tmp, allowed, 8, 600);
    Path tokens = GatewayJar.writeTokens(tmp, "alice", TOKEN);
    auditLog = tmp.resolve("http-audit.jsonl");
    gateway = GatewayJar.startHttp(tmp, policy, tokens, auditLog);
  }

  @AfterAll
  void stopGateway() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (allowed != null) {
      try (var files = Files.walk(allowed)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private McpSyncClient javaClient(Consumer<ProgressNotification> progress) {
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + gateway.port)
            .endpoint("/mcp")
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TOKEN))
            .build();
    return McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(60))
        .progressConsumer(progress::accept)
        .build();
  }

  private int auditRecords() throws Exception {
    return Files.exists(auditLog) ? Files.readAllLines(auditLog).size() : 0;
  }

  @Test
  void javaClientOverStreamableHttp() throws Exception {
    int before = auditRecords();
    try (McpSyncClient client = javaClient(p -> {})) {
      JarCalls.exercise(client, allowed, file);
    }
    // the gateway keeps running: its records are awaited, then counted exactly
    await("the exercise's audit records")
        .atMost(Duration.ofSeconds(30))
        .until(() -> auditRecords() >= before + EXERCISE_RECORDS);
    JarCalls.assertExerciseAudited(auditLog, before);
    List<String> mine = Files.readAllLines(auditLog).subList(before, before + EXERCISE_RECORDS);
    assertThat(String.join("\n", mine))
        .contains("\"user\":\"alice\"")
        .contains("\"groups\":[\"netops\"]");
  }

  @Test
  void typeScriptClientOverHttp() throws Exception {
    NodeClient.require();
    JarCalls.assertTs(NodeClient.run(List.of("http", gateway.url(), TOKEN, file.toString())));
  }

  @Test
  void realPingSendsProgressOverHttp() throws Exception {
    List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = javaClient(progress::add)) {
      client.initialize();
      CallToolResult r =
          client.callTool(
              CallToolRequest.builder()
                  .name("ping_tool")
                  .arguments(Map.of("target", "127.0.0.1", "count", 3))
                  .progressToken("ping-progress")
                  .build());
      assertThat(r.isError()).as(text(r)).isFalse();
      PingOutput.assertRanToItsEndAnswered(text(r));
    }
    assertThat(progress).isNotEmpty().allMatch(p -> "ping-progress".equals(p.progressToken()));
  }
}
