package io.itmcp.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionNaming;
import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.audit.AuditSink;
import io.itmcp.gateway.audit.kubernetes.KubernetesAuditEventSink;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One audit record, two destinations: the JSON line first (its failure fails the call), then the
 * Event.
 */
@EnableKubernetesMockClient(https = false, crud = true)
class FanOutAuditSinkTest {

  private static final String NS = "itmcp-sandboxes";
  KubernetesClient client;

  private static AuditEvent event(String session, AuditEvent.Decision decision, String reason) {
    return AuditEvent.builder()
        .time(Instant.parse("2026-01-01T00:00:00Z"))
        .user("alice")
        .groups(List.of("netops"))
        .session(session)
        .tool("ssh_tool")
        .arguments(
            Map.of("target", "10.0.0.1", "user", "admin", "command", "show run secret-password"))
        .argv(List.of("ssh"))
        .decision(decision)
        .reason(reason)
        .exitCode(decision == AuditEvent.Decision.ALLOWED ? 0 : null)
        .durationMs(12)
        .outputBytes(34)
        .phase(
            decision == AuditEvent.Decision.ALLOWED
                ? AuditEvent.Phase.COMPLETION
                : AuditEvent.Phase.REFUSAL)
        .build();
  }

  private void createSession(String mcpSessionId) {
    ItmcpSession s = new ItmcpSession();
    s.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(SessionNaming.forMcpSession(mcpSessionId))
            .withNamespace(NS)
            .build());
    client.resource(s).create();
  }

  @Test
  void eachRecordBecomesALineAndAnEventWithToolTargetAndRuleOnly() {
    List<AuditEvent> lines = new ArrayList<>();
    KubernetesAuditEventSink events =
        new KubernetesAuditEventSink(
            client,
            NS,
            "gw-0",
            Runnable::run,
            Clock.systemUTC(),
            KubernetesAuditEventSink.RateLimit.DEFAULT);
    FanOutAuditSink sink = new FanOutAuditSink(lines::add, events);
    createSession("mcp-1");
    sink.record(event("mcp-1", AuditEvent.Decision.ALLOWED, null));
    sink.record(
        event(
            "mcp-1",
            AuditEvent.Decision.DENIED,
            "refused: command 'show run secret-password' is not allowed (rule allowedRemoteCommands)"));
    assertThat(lines).hasSize(2);
    List<Event> written = client.resources(Event.class).inNamespace(NS).list().getItems();
    assertThat(written)
        .extracting(Event::getReason)
        .containsExactlyInAnyOrder("ToolCallAllowed", "ToolCallDenied");
    assertThat(written)
        .extracting(Event::getNote)
        .containsExactlyInAnyOrder(
            "ssh_tool target=10.0.0.1: exit 0",
            "ssh_tool target=10.0.0.1: refused by rule allowedRemoteCommands");
    assertThat(written)
        .allSatisfy(e -> assertThat(e.getNote()).doesNotContain("secret").doesNotContain("admin"));
  }

  @Test
  void anIntentIsLoggedButOnlyItsCompletionBecomesAnEvent() {
    List<AuditEvent> lines = new ArrayList<>();
    KubernetesAuditEventSink events =
        new KubernetesAuditEventSink(
            client,
            NS,
            "gw-0",
            Runnable::run,
            Clock.systemUTC(),
            KubernetesAuditEventSink.RateLimit.DEFAULT);
    FanOutAuditSink sink = new FanOutAuditSink(lines::add, events);
    createSession("mcp-2");
    AuditEvent completion = event("mcp-2", AuditEvent.Decision.ALLOWED, null);
    AuditEvent intent =
        completion.toBuilder()
            .reason(null)
            .exitCode(null)
            .durationMs(0)
            .outputBytes(0)
            .phase(AuditEvent.Phase.INTENT)
            .callId("call-1")
            .build();
    sink.record(intent);
    assertThat(client.resources(Event.class).inNamespace(NS).list().getItems()).isEmpty();
    sink.record(completion);
    assertThat(lines).containsExactly(intent, completion);
    assertThat(client.resources(Event.class).inNamespace(NS).list().getItems())
        .singleElement()
        .extracting(Event::getReason)
        .isEqualTo("ToolCallAllowed");
  }

  @Test
  void aFailingLogFailsTheCallAndNoEventIsWritten() {
    KubernetesAuditEventSink events =
        new KubernetesAuditEventSink(
            client,
            NS,
            "gw-0",
            Runnable::run,
            Clock.systemUTC(),
            KubernetesAuditEventSink.RateLimit.DEFAULT);
    AuditSink broken =
        e -> {
          throw new IllegalStateException("disk full");
        };
    createSession("mcp-2");
    assertThatThrownBy(
            () ->
                new FanOutAuditSink(broken, events)
                    .record(event("mcp-2", AuditEvent.Decision.ALLOWED, null)))
        .hasMessageContaining("disk full");
    assertThat(client.resources(Event.class).inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void decisionsMapOneToOne() {
    assertThat(FanOutAuditSink.decision(AuditEvent.Decision.FAILED).eventReason())
        .isEqualTo("ToolCallFailed");
    assertThat(FanOutAuditSink.decision(AuditEvent.Decision.DENIED).eventType())
        .isEqualTo("Warning");
  }
}
