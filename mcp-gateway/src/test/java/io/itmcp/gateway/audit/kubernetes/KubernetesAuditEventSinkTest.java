package io.itmcp.gateway.audit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.gateway.audit.kubernetes.KubernetesAuditEventSink.RateLimit;
import io.itmcp.gateway.runtime.kubernetes.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@EnableKubernetesMockClient(https = false, crud = true)
class KubernetesAuditEventSinkTest {

  static final String NAMESPACE = "itmcp-sandboxes";
  static final String SESSION = "mcp-1111222233334444aaaa";

  KubernetesClient client;
  KubernetesMockServer server;
  MutableClock clock;
  KubernetesAuditEventSink sink;
  String sessionUid;

  @BeforeEach
  void setUp() {
    ItmcpSession session = new ItmcpSession();
    session.setMetadata(
        new ObjectMetaBuilder()
            .withName(SESSION)
            .withNamespace(NAMESPACE)
            .withUid("6f0c-session-uid")
            .build());
    sessionUid = client.resource(session).create().getMetadata().getUid();
    clock = new MutableClock(Instant.parse("2026-11-24T21:00:00Z"));
    sink =
        new KubernetesAuditEventSink(
            client, NAMESPACE, "itmcp-gateway-7d9f-abcde", Runnable::run, clock, RateLimit.DEFAULT);
  }

  private List<Event> events() {
    return client.resources(Event.class).inNamespace(NAMESPACE).list().getItems().stream()
        .sorted(
            Comparator.comparing((Event e) -> e.getEventTime().getTime())
                .thenComparing(e -> e.getReason()))
        .toList();
  }

  @Test
  void eachDecisionHasItsReasonTypeAndNoteOnTheSession() {
    sink.record(
        new AuditEventRecord(SESSION, "ping_tool", "db.example.com", AuditDecision.ALLOWED, null));
    sink.record(
        new AuditEventRecord(
            SESSION,
            "ssh_tool",
            "evil.example.net",
            AuditDecision.DENIED,
            "host not in allowedHosts"));
    sink.record(
        new AuditEventRecord(
            SESSION, "dig_tool", "example.org", AuditDecision.FAILED, "deadline 30s exceeded"));

    List<Event> events = events();
    assertThat(events)
        .extracting(Event::getReason)
        .containsExactlyInAnyOrder("ToolCallAllowed", "ToolCallDenied", "ToolCallFailed");
    Event denied =
        events.stream()
            .filter(e -> e.getReason().equals("ToolCallDenied"))
            .findFirst()
            .orElseThrow();
    assertThat(denied.getType()).isEqualTo("Warning");
    assertThat(denied.getNote())
        .isEqualTo("ssh_tool target=evil.example.net: host not in allowedHosts");
    assertThat(denied.getAction()).isEqualTo("ToolCall");
    assertThat(denied.getReportingController()).isEqualTo("itmcp.io/gateway");
    assertThat(denied.getReportingInstance()).isEqualTo("itmcp-gateway-7d9f-abcde");
    assertThat(denied.getRegarding().getKind()).isEqualTo("ItmcpSession");
    assertThat(denied.getRegarding().getApiVersion()).isEqualTo("itmcp.io/v1alpha1");
    assertThat(denied.getRegarding().getName()).isEqualTo(SESSION);
    assertThat(denied.getRegarding().getUid()).isEqualTo(sessionUid).isNotBlank();
    assertThat(denied.getMetadata().getName()).startsWith(SESSION + ".");
    assertThat(denied.getEventTime().getTime()).isEqualTo("2026-11-24T21:00:00.000000Z");
    Event allowed =
        events.stream()
            .filter(e -> e.getReason().equals("ToolCallAllowed"))
            .findFirst()
            .orElseThrow();
    assertThat(allowed.getType()).isEqualTo("Normal");
    assertThat(allowed.getNote()).isEqualTo("ping_tool target=db.example.com");
  }

  @Test
  void aBusySessionIsCutToTheBurstAndTheRestIsCountedInOneEvent() {
    for (int call = 0; call < 25; call++) {
      sink.record(
          new AuditEventRecord(
              SESSION, "ping_tool", "db.example.com", AuditDecision.ALLOWED, null));
    }
    assertThat(events()).hasSize(10);

    clock.advance(Duration.ofSeconds(2));
    sink.record(
        new AuditEventRecord(SESSION, "dig_tool", "example.org", AuditDecision.ALLOWED, null));

    List<Event> events = events();
    assertThat(events).hasSize(12);
    assertThat(events)
        .filteredOn(e -> e.getReason().equals("ToolCallsNotRecorded"))
        .singleElement()
        .satisfies(e -> assertThat(e.getNote()).startsWith("15 more calls not recorded as Events"));
    assertThat(events).filteredOn(e -> e.getNote().startsWith("dig_tool")).hasSize(1);
  }

  @Test
  void theEndOfASessionReportsWhatWasNotRecorded() {
    for (int call = 0; call < 13; call++) {
      sink.record(
          new AuditEventRecord(
              SESSION, "ping_tool", "db.example.com", AuditDecision.ALLOWED, null));
    }

    sink.sessionEnded(SESSION);
    sink.sessionEnded(SESSION);

    assertThat(events()).hasSize(11);
    assertThat(events())
        .filteredOn(e -> e.getReason().equals("ToolCallsNotRecorded"))
        .singleElement()
        .satisfies(e -> assertThat(e.getNote()).startsWith("3 more calls"));
  }

  @Test
  void sessionsHaveTheirOwnBuckets() {
    ItmcpSession other = new ItmcpSession();
    other.setMetadata(
        new ObjectMetaBuilder().withName("mcp-other").withNamespace(NAMESPACE).build());
    client.resource(other).create();

    for (int call = 0; call < 12; call++) {
      sink.record(
          new AuditEventRecord(SESSION, "ping_tool", "a.example.com", AuditDecision.ALLOWED, null));
    }
    sink.record(
        new AuditEventRecord(
            "mcp-other", "ping_tool", "b.example.com", AuditDecision.ALLOWED, null));

    assertThat(events()).filteredOn(e -> e.getRegarding().getName().equals("mcp-other")).hasSize(1);
  }

  @Test
  void controlCharactersCannotForgeLinesAndNotesStayUnderOneKilobyte() {
    sink.record(
        new AuditEventRecord(
            SESSION,
            "cat_tool",
            "/etc/hosts\nToolCallAllowed: forged",
            AuditDecision.DENIED,
            "x".repeat(5000)));

    Event event = events().get(0);
    assertThat(event.getNote()).doesNotContain("\n").contains("/etc/hosts?ToolCallAllowed: forged");
    assertThat(event.getNote().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
  }

  @Test
  void aMissingSessionNeverFailsTheCall() {
    sink.record(
        new AuditEventRecord(
            "mcp-gone", "ping_tool", "db.example.com", AuditDecision.ALLOWED, null));

    assertThat(events()).isEmpty();
  }

  @Test
  void anApiErrorNeverFailsTheCall() {
    server
        .expect()
        .post()
        .withPath("/apis/events.k8s.io/v1/namespaces/" + NAMESPACE + "/events")
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403}")
        .always();

    sink.record(
        new AuditEventRecord(SESSION, "ping_tool", "db.example.com", AuditDecision.ALLOWED, null));

    assertThat(events()).isEmpty();
  }

  @Test
  @Timeout(60) // were record() to block on the full queue, this test would otherwise hang
  void aFullWriterQueueDropsEventsInsteadOfBlockingTheCall() throws Exception {
    java.util.concurrent.ExecutorService writer = KubernetesAuditEventSink.boundedWriter(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try {
      writer.execute(
          () -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      KubernetesAuditEventSink slow =
          new KubernetesAuditEventSink(client, NAMESPACE, "gw", writer, clock, RateLimit.DEFAULT);

      for (int call = 0; call < 5; call++) {
        slow.record(
            new AuditEventRecord(
                SESSION, "ping_tool", "db.example.com", AuditDecision.ALLOWED, null));
      }
      release.countDown();
      writer.shutdown();
      assertThat(writer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

      // the busy thread held the writer; one Event fit the queue, the other four were dropped
      assertThat(events()).hasSize(1);
    } finally {
      release.countDown();
      writer.shutdownNow();
    }
  }
}
