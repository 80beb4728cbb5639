package io.itmcp.gateway.runtime.kubernetes;

import static io.itmcp.gateway.runtime.kubernetes.SessionStandIn.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.mockwebserver.internal.WebSocketMessage;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.gateway.audit.kubernetes.AuditDecision;
import io.itmcp.gateway.audit.kubernetes.AuditEventRecord;
import io.itmcp.gateway.audit.kubernetes.KubernetesAuditEventSink;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.testing.TestPolicies;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One session through the runtime the way the gateway will drive it: open, call, audit, idle
 * report, close.
 */
@EnableKubernetesMockClient(https = false, crud = true)
class KubernetesRuntimeFlowTest {

  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void openExecAuditReportActivityAndClose() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-24T22:00:00Z"));
    ActivityReporter activity = new ActivityReporter(client, NAMESPACE, clock);
    KubernetesSandboxRuntime runtime =
        new KubernetesSandboxRuntime(
            client,
            KubernetesRuntimeSettings.defaults(NAMESPACE)
                .withStatusCheckInterval(Duration.ofMillis(100)),
            activity);
    KubernetesAuditEventSink events =
        new KubernetesAuditEventSink(
            client,
            NAMESPACE,
            "gw-0",
            Runnable::run,
            clock,
            KubernetesAuditEventSink.RateLimit.DEFAULT);
    SessionStandIn operator = new SessionStandIn(client);

    CompletableFuture<KubernetesSandbox> opening =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return runtime.open(
                    new SessionRequest(
                        "flow-session",
                        new Identity("alice", List.of("netops")),
                        TestPolicies.named("dns-checks"),
                        null,
                        null));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    String name = operator.awaitSession().getMetadata().getName();
    operator.markReady(name, "flow-pod");
    KubernetesSandbox sandbox = opening.get(10, TimeUnit.SECONDS);

    List<String> argv =
        DeadlineArgv.wrap(
            List.of("ping", "-c", "1", "127.0.0.1"), Duration.ofSeconds(10), Duration.ofSeconds(2));
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/"
                + NAMESPACE
                + "/pods/flow-pod/exec?"
                + argv.stream()
                    .map(a -> "command=" + URLEncoder.encode(a, StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"))
                + "&container=sandbox&stdout=true&stderr=true")
        .andUpgradeToWebSocket()
        .open(
            new WebSocketMessage(
                50L,
                new OutputStreamMessage("1 packets transmitted, 1 received\n").getBytes(),
                true,
                true),
            new WebSocketMessage(60L, new StatusStreamMessage(0).getBytes(), true, true))
        .done()
        .once();

    ExecResult result =
        sandbox.exec(
            new ExecRequest(
                List.of("ping", "-c", "1", "127.0.0.1"),
                ExecTarget.SANDBOX,
                Duration.ofSeconds(10),
                65536),
            ProgressListener.NONE);
    events.record(
        new AuditEventRecord(
            sandbox.sessionName(), "ping_tool", "127.0.0.1", AuditDecision.ALLOWED, null));
    int patches = activity.flushDue();

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).contains("1 received");
    assertThat(patches).isEqualTo(1);
    ItmcpSession session =
        client.resources(ItmcpSession.class).inNamespace(NAMESPACE).withName(name).get();
    assertThat(session.getMetadata().getAnnotations())
        .containsEntry(SessionContract.LAST_ACTIVITY_ANNOTATION, "2026-11-24T22:00:00Z");
    assertThat(client.resources(Event.class).inNamespace(NAMESPACE).list().getItems())
        .singleElement()
        .satisfies(e -> assertThat(e.getReason()).isEqualTo("ToolCallAllowed"))
        .satisfies(e -> assertThat(e.getRegarding().getName()).isEqualTo(name));

    events.sessionEnded(sandbox.sessionName());
    sandbox.close();

    assertThat(client.resources(ItmcpSession.class).inNamespace(NAMESPACE).withName(name).get())
        .isNull();
    clock.advance(Duration.ofMinutes(5));
    assertThat(activity.flushDue()).isZero();
  }
}
