package io.itmcp.gateway.runtime.kubernetes;

import static io.itmcp.gateway.runtime.kubernetes.SessionStandIn.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionContract;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(https = false, crud = true)
class ActivityReporterTest {

  static final String SESSION = "mcp-aaaabbbbccccddddeeee";

  /** One mock API server for the class, emptied before each test ({@link SharedMockServer}). */
  static KubernetesClient client;

  static KubernetesMockServer server;
  MutableClock clock;
  ActivityReporter reporter;

  @BeforeEach
  void setUp() throws InterruptedException {
    SharedMockServer.clean(server);
    ItmcpSession session = new ItmcpSession();
    session.setMetadata(new ObjectMetaBuilder().withName(SESSION).withNamespace(NAMESPACE).build());
    // createOr(update): on a busy machine the client may retry a create the mock server was slow to
    // answer, and the retry's 409 AlreadyExists must not fail the test
    client.resource(session).createOr(NonDeletingOperation::update);
    clock = new MutableClock(Instant.parse("2026-11-24T21:00:00Z"));
    reporter = new ActivityReporter(client, NAMESPACE, clock);
  }

  private String lastActivity() {
    ItmcpSession session =
        client.resources(ItmcpSession.class).inNamespace(NAMESPACE).withName(SESSION).get();
    return session.getMetadata().getAnnotations() == null
        ? null
        : session.getMetadata().getAnnotations().get(SessionContract.LAST_ACTIVITY_ANNOTATION);
  }

  private int patchRequests() throws InterruptedException {
    int patches = 0;
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      if ("PATCH".equals(request.getMethod())) {
        patches++;
        assertThat(request.getHeader("Content-Type")).startsWith("application/merge-patch+json");
      }
    }
    return patches;
  }

  @Test
  void manyCallsInOneIntervalBecomeOnePatch() throws Exception {
    reporter.register(SESSION, Duration.ofMinutes(10));
    patchRequests();

    for (int call = 0; call < 100; call++) {
      reporter.touch(SESSION);
      clock.advance(Duration.ofMillis(100));
      reporter.flushDue();
    }

    // 100 calls over 10s, interval 30s: only the first flush may write
    assertThat(patchRequests()).isEqualTo(1);
    assertThat(lastActivity()).isEqualTo("2026-11-24T21:00:00Z");
  }

  @Test
  void theLatestActivityIsReportedOnceTheIntervalHasPassed() throws Exception {
    reporter.register(SESSION, Duration.ofMinutes(2)); // interval 30s
    reporter.touch(SESSION);
    assertThat(reporter.flushDue()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(10));
    reporter.touch(SESSION);
    assertThat(reporter.flushDue()).isZero();
    clock.advance(Duration.ofSeconds(10));
    reporter.touch(SESSION);
    assertThat(reporter.flushDue()).isZero();

    clock.advance(Duration.ofSeconds(10));
    assertThat(reporter.flushDue()).isEqualTo(1);
    assertThat(lastActivity()).isEqualTo("2026-11-24T21:00:20Z");
  }

  @Test
  void noNewActivityNoPatch() throws Exception {
    reporter.register(SESSION, Duration.ofMinutes(2));
    reporter.touch(SESSION);
    reporter.flushDue();
    patchRequests();

    for (int minute = 0; minute < 10; minute++) {
      clock.advance(Duration.ofMinutes(1));
      reporter.flushDue();
    }

    assertThat(patchRequests()).isZero();
  }

  @Test
  void unregisteredOrForgottenSessionsAreNotWritten() throws Exception {
    reporter.touch(SESSION);
    reporter.flushDue();
    reporter.register(SESSION, Duration.ofMinutes(2));
    reporter.forget(SESSION);
    reporter.touch(SESSION);
    reporter.flushDue();

    assertThat(patchRequests()).isZero();
    assertThat(lastActivity()).isNull();
  }

  @Test
  void aDeletedSessionIsDroppedAfterOneFailedPatch() throws Exception {
    reporter.register(SESSION, Duration.ofMinutes(2));
    client.resources(ItmcpSession.class).inNamespace(NAMESPACE).withName(SESSION).delete();
    reporter.touch(SESSION);

    assertThat(reporter.flushDue()).isZero();
    clock.advance(Duration.ofMinutes(1));
    reporter.touch(SESSION);
    patchRequests();
    assertThat(reporter.flushDue()).isZero();
    assertThat(patchRequests()).isZero();
  }
}
