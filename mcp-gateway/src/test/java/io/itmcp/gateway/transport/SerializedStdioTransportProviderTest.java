package io.itmcp.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpServerTransport;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Many threads sending at once over the stdio transport all get their message out. The SDK's own
 * transport loses a message (EmissionException "signaled serially") when a second sender finds the
 * first one descheduled inside the sink for more than 100 ms, which happens on a busy machine; the
 * wrapper makes the second one wait instead. With the SDK's transport unwrapped this test failed
 * here ("Failed to enqueue message", 32 senders of 2000 messages, two cores under load).
 */
class SerializedStdioTransportProviderTest {

  @Test
  void concurrentSendsAreAllWrittenAndNoneFails() throws Exception {
    AtomicInteger lines = new AtomicInteger();
    OutputStream stdout =
        new OutputStream() {
          @Override
          public void write(int b) {
            if (b == '\n') {
              lines.incrementAndGet();
            }
          }
        };
    PipedOutputStream clientIn = new PipedOutputStream();
    SerializedStdioTransportProvider provider =
        new SerializedStdioTransportProvider(
            McpJsonDefaults.getMapper(), new PipedInputStream(clientIn), stdout);
    AtomicReference<McpServerTransport> transport = new AtomicReference<>();
    provider.setSessionFactory(
        t -> {
          transport.set(t);
          return null; // no message comes in: only sends are exercised
        });
    int threads = 32;
    int each = 1000;
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService senders = Executors.newFixedThreadPool(threads);
    try {
      for (int t = 0; t < threads; t++) {
        int sender = t;
        senders.submit(
            () -> {
              start.await();
              for (int i = 0; i < each; i++) {
                try {
                  transport
                      .get()
                      .sendMessage(
                          new JSONRPCNotification(
                              "2.0", "notifications/message", Map.of("sender", sender, "n", i)))
                      .block(Duration.ofSeconds(10));
                } catch (RuntimeException e) {
                  failures.add(e);
                }
              }
              return null;
            });
      }
      start.countDown();
      senders.shutdown();
      assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      assertThat(failures).as("sends that failed").isEmpty();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(lines.get()).isEqualTo(threads * each));
    } finally {
      senders.shutdownNow();
      clientIn.close();
      provider.closeGracefully().block(Duration.ofSeconds(5));
    }
  }
}
