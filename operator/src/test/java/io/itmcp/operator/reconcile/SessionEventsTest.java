package io.itmcp.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.itmcp.testkit.kubernetes.MockApiServers;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events are written in the background, in order, and what waits is written at close. */
class SessionEventsTest {
  static final String NS = "itmcp-sandboxes";

  /** Holds every Event POST until released, counting those that arrived. */
  final CountDownLatch release = new CountDownLatch(1);

  final AtomicInteger heldPosts = new AtomicInteger();
  final Dispatcher crud = MockApiServers.crud();
  final KubernetesMockServer server =
      MockApiServers.start(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              if ("POST".equals(request.getMethod()) && request.getPath().contains("/events")) {
                heldPosts.incrementAndGet();
                try {
                  release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return crud.dispatch(request);
            }
          });
  final KubernetesClient client = server.createClient();

  @AfterEach
  void stop() {
    release.countDown();
    client.close();
    server.destroy();
  }

  static Pod about() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("s1-sandbox")
        .withNamespace(NS)
        .withUid("uid-1")
        .endMetadata()
        .build();
  }

  List<Event> stored() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        // in the order written: the API server numbers each write
        .sorted(Comparator.comparingLong(e -> Long.parseLong(e.getMetadata().getResourceVersion())))
        .toList();
  }

  @Test
  void aReconciliationDoesNotWaitForItsEventsAndCloseWritesThemAllInOrder() {
    SessionEvents events = new SessionEvents(client, Clock.systemUTC());
    // The API server holds the first POST: recording goes on regardless.
    events.normal(about(), "ClaimedFromWarmPool", "claimed");
    events.normal(about(), "Ready", "ready");
    events.warning(about(), "PodFailed", "failed");
    // The first is at the API server, unanswered; this thread has recorded all three.
    await().atMost(Duration.ofSeconds(20)).until(() -> heldPosts.get() == 1);

    release.countDown();
    events.close();

    assertThat(stored())
        .extracting(Event::getReason, Event::getType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ClaimedFromWarmPool", "Normal"),
            org.assertj.core.groups.Tuple.tuple("Ready", "Normal"),
            org.assertj.core.groups.Tuple.tuple("PodFailed", "Warning"));
    assertThat(stored())
        .allSatisfy(
            e -> {
              assertThat(e.getInvolvedObject().getName()).isEqualTo("s1-sandbox");
              assertThat(e.getInvolvedObject().getUid()).isEqualTo("uid-1");
            });
  }

  @Test
  void anEventRecordedAfterCloseIsDroppedNotThrown() {
    release.countDown();
    SessionEvents events = new SessionEvents(client, Clock.systemUTC());
    events.close();
    events.normal(about(), "Ready", "ready");
    assertThat(stored()).isEmpty();
  }
}
