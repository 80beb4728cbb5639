package io.itmcp.operator.reconcile;

import static io.itmcp.operator.reconcile.SessionAdmissionTest.CREATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.api.v1alpha1.EgressRefusal;
import io.itmcp.api.v1alpha1.EgressStatus;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.ItmcpSessionStatus;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.operator.config.EgressMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The status step as a table: observation and decision in, the status to write out. No cluster. */
class SessionStatusRendererTest {
  static final Instant NOW = CREATED.plusSeconds(30);
  static final Instant EXPIRES = CREATED.plusSeconds(3600);

  @Test
  void waitingForThePolicyIsPendingAndBothConditionsSayWhy() {
    ItmcpSessionStatus status =
        SessionStatusRenderer.waitingForPolicy(seen(null), "policy net does not exist");
    assertThat(status.getPhase()).isEqualTo(SessionPhase.Pending);
    assertThat(status.getMessage()).isEqualTo("policy net does not exist");
    assertThat(status.getExpiresAt()).isNull();
    assertThat(status.getConditions())
        .extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly(
            tuple(SessionContract.CONDITION_POLICY_RESOLVED, "False", "PolicyNotFound"),
            tuple(SessionContract.CONDITION_READY, "False", "PolicyNotFound"));
  }

  @Test
  void anInvalidPolicyKeepsAnAdmittedSessionsPhaseAndLeavesANewOnePending() {
    ItmcpSessionStatus ready = new ItmcpSessionStatus();
    ready.setPhase(SessionPhase.Ready);
    ready.setPodName("s1-sandbox");
    ItmcpSessionStatus admitted =
        SessionStatusRenderer.policyInvalid(seen(ready), "policy net is invalid: x");
    assertThat(admitted.getPhase()).isEqualTo(SessionPhase.Ready);
    assertThat(admitted.getPodName()).isEqualTo("s1-sandbox");
    assertThat(admitted.getConditions())
        .extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly(
            tuple(SessionContract.CONDITION_POLICY_RESOLVED, "False", "PolicyInvalid"));

    assertThat(
            SessionStatusRenderer.policyInvalid(seen(null), "policy net is invalid: x").getPhase())
        .isEqualTo(SessionPhase.Pending);
  }

  @Test
  void anEndedSessionIsExpiredWithItsReasonAndItsDeadlineWhenKnown() {
    ItmcpSessionStatus idle =
        SessionStatusRenderer.ended(
            seen(null),
            new SessionAdmission.End(
                "IdleTimeout", "no activity for 900s (idle timeout)", Optional.of(EXPIRES)));
    assertThat(idle.getPhase()).isEqualTo(SessionPhase.Expired);
    assertThat(idle.getMessage()).isEqualTo("no activity for 900s (idle timeout)");
    assertThat(idle.getExpiresAt()).isEqualTo(EXPIRES.toString());

    ItmcpSessionStatus before = new ItmcpSessionStatus();
    before.setExpiresAt("2026-01-01T11:00:00Z");
    ItmcpSessionStatus deleted =
        SessionStatusRenderer.ended(
            seen(before),
            new SessionAdmission.End(
                "PolicyDeleted", "policy net was deleted; its sessions end", Optional.empty()));
    assertThat(deleted.getExpiresAt())
        .as("no policy, no new deadline: the last one stays")
        .isEqualTo("2026-01-01T11:00:00Z");
  }

  @Test
  void aFailureIsFailedWithTheReasonOnReadyAndTheEgressOnlyWhenItWasWritten() {
    ItmcpSessionStatus quota =
        SessionStatusRenderer.failed(
            seen(null),
            EXPIRES,
            Optional.empty(),
            SessionContract.REASON_QUOTA_EXCEEDED,
            "policy net allows 1 live sessions");
    assertThat(quota.getPhase()).isEqualTo(SessionPhase.Failed);
    assertThat(quota.getMessage()).isEqualTo("policy net allows 1 live sessions");
    assertThat(quota.getExpiresAt()).isEqualTo(EXPIRES.toString());
    assertThat(quota.getEgress()).isNull();
    assertThat(quota.getConditions())
        .extracting(
            Condition::getType, Condition::getStatus, Condition::getReason, Condition::getMessage)
        .containsExactly(
            tuple(
                SessionContract.CONDITION_READY,
                "False",
                SessionContract.REASON_QUOTA_EXCEEDED,
                "policy net allows 1 live sessions"));

    ItmcpSessionStatus lost =
        SessionStatusRenderer.failed(
            seen(null), EXPIRES, Optional.of(egress(0)), "PodLost", "pod s1-sandbox was deleted");
    assertThat(lost.getEgress()).usingRecursiveComparison().isEqualTo(egress(0));
  }

  @Test
  void aReadyPodMakesTheSessionReadyWithEveryConditionTrue() {
    ItmcpSessionStatus status =
        SessionStatusRenderer.running(
            seen(null),
            EXPIRES,
            egress(0),
            EgressMode.NETWORK_POLICY,
            "s1-sandbox",
            new PodState(true, "10.0.0.7", Optional.empty()),
            Optional.empty());
    assertThat(status.getPhase()).isEqualTo(SessionPhase.Ready);
    assertThat(status.getMessage())
        .isEqualTo("ready until " + EXPIRES + "; egress rendered (network-policy)");
    assertThat(status.getPodName()).isEqualTo("s1-sandbox");
    assertThat(status.getPodIP()).isEqualTo("10.0.0.7");
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(status.getConditions())
        .extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly(
            tuple(SessionContract.CONDITION_POLICY_RESOLVED, "True", "PolicyFound"),
            tuple(SessionContract.CONDITION_EGRESS_READY, "True", "Rendered"),
            tuple(SessionContract.CONDITION_POD_READY, "True", "PodReady"),
            tuple(SessionContract.CONDITION_READY, "True", "Ready"));
  }

  @Test
  void aStartingPodSaysWhatItWaitsForAndAKubeletWarningNamesTheReason() {
    PodState pulling =
        new PodState(false, null, Optional.empty(), Optional.of("container sandbox ErrImagePull"));
    ItmcpSessionStatus starting =
        SessionStatusRenderer.running(
            seen(null),
            EXPIRES,
            egress(0),
            EgressMode.CILIUM,
            "s1-sandbox",
            pulling,
            Optional.empty());
    assertThat(starting.getPhase()).isEqualTo(SessionPhase.Pending);
    assertThat(starting.getMessage())
        .isEqualTo("starting (container sandbox ErrImagePull); egress rendered (cilium)");
    assertThat(condition(starting, SessionContract.CONDITION_POD_READY).getReason())
        .isEqualTo("PodStarting");

    ItmcpSessionStatus blocked =
        SessionStatusRenderer.running(
            seen(null),
            EXPIRES,
            egress(0),
            EgressMode.NETWORK_POLICY,
            "s1-sandbox",
            pulling,
            Optional.of(new PodWarnings.Warning("FailedMount", "secret \"ssh\" not found")));
    assertThat(blocked.getMessage())
        .isEqualTo(
            "starting (container sandbox ErrImagePull; FailedMount: secret \"ssh\""
                + " not found (the kubelet keeps retrying)); egress rendered (network-policy)");
    assertThat(condition(blocked, SessionContract.CONDITION_POD_READY).getReason())
        .isEqualTo("FailedMount");
    assertThat(condition(blocked, SessionContract.CONDITION_READY).getReason())
        .isEqualTo("Starting");
  }

  @Test
  void entriesThatGrantNothingAreCountedAndTheFirstTenNamed() {
    ItmcpSessionStatus status =
        SessionStatusRenderer.running(
            seen(null),
            EXPIRES,
            egress(12),
            EgressMode.NETWORK_POLICY,
            "s1-sandbox",
            new PodState(true, "10.0.0.7", Optional.empty()),
            Optional.empty());
    assertThat(status.getMessage())
        .endsWith(
            "; 12 entries grant nothing at the network layer: "
                + "h0.example.com, h1.example.com, h2.example.com, h3.example.com, h4.example.com, h5.example.com,"
                + " h6.example.com, h7.example.com, h8.example.com, h9.example.com and 2 more"
                + " (status.egress.notGranted says why)");
  }

  @Test
  void aConditionThatKeepsItsValueKeepsItsTransitionTime() {
    ItmcpSessionStatus before = new ItmcpSessionStatus();
    before.setConditions(
        List.of(
            new ConditionBuilder()
                .withType(SessionContract.CONDITION_POLICY_RESOLVED)
                .withStatus("True")
                .withReason("PolicyFound")
                .withLastTransitionTime(CREATED.toString())
                .build(),
            new ConditionBuilder()
                .withType(SessionContract.CONDITION_READY)
                .withStatus("False")
                .withReason("Starting")
                .withLastTransitionTime(CREATED.toString())
                .build()));
    ItmcpSessionStatus status =
        SessionStatusRenderer.running(
            seen(before),
            EXPIRES,
            egress(0),
            EgressMode.NETWORK_POLICY,
            "s1-sandbox",
            new PodState(true, "10.0.0.7", Optional.empty()),
            Optional.empty());
    assertThat(condition(status, SessionContract.CONDITION_POLICY_RESOLVED).getLastTransitionTime())
        .isEqualTo(CREATED.toString());
    assertThat(condition(status, SessionContract.CONDITION_READY).getLastTransitionTime())
        .isEqualTo(NOW.toString());
  }

  @Test
  void theLastActivityIsReportedButNeverLaterThanNow() {
    assertThat(
            SessionStatusRenderer.stillFailed(seen(null, NOW.minusSeconds(5)), EXPIRES)
                .getLastActivityTime())
        .isEqualTo(NOW.minusSeconds(5).toString());
    assertThat(
            SessionStatusRenderer.stillFailed(seen(null, NOW.plusSeconds(3600)), EXPIRES)
                .getLastActivityTime())
        .as("an annotation from the future counts as now")
        .isEqualTo(NOW.toString());
  }

  @Test
  void renderingLeavesTheObservedStatusAsItWas() {
    ItmcpSessionStatus before = new ItmcpSessionStatus();
    before.setPhase(SessionPhase.Pending);
    before.setMessage("starting");
    SessionObservation seen = seen(before, NOW.minusSeconds(1));
    String observed = Serialization.asJson(seen.previous());
    SessionStatusRenderer.running(
        seen,
        EXPIRES,
        egress(3),
        EgressMode.NETWORK_POLICY,
        "s1-sandbox",
        new PodState(true, "10.0.0.7", Optional.empty()),
        Optional.empty());
    SessionStatusRenderer.failed(seen, EXPIRES, Optional.of(egress(1)), "PodFailed", "ended");
    SessionStatusRenderer.ended(
        seen, new SessionAdmission.End("Expired", "TTL", Optional.of(EXPIRES)));
    assertThat(Serialization.asJson(seen.previous())).isEqualTo(observed);
    assertThat(Serialization.asJson(before)).as("nor the session's own status").isEqualTo(observed);
  }

  @Test
  void anEventIsDueWhenThePhaseOrTheMessageChangesAndReadyOnlyOnce() {
    ItmcpSessionStatus pending = status(SessionPhase.Pending, "starting");
    ItmcpSessionStatus ready = status(SessionPhase.Ready, "ready");
    assertThat(
            SessionStatusRenderer.isTransition(pending, status(SessionPhase.Pending, "starting")))
        .isFalse();
    assertThat(
            SessionStatusRenderer.isTransition(
                pending, status(SessionPhase.Pending, "still starting")))
        .isTrue();
    assertThat(SessionStatusRenderer.isTransition(pending, status(SessionPhase.Failed, "starting")))
        .isTrue();
    assertThat(SessionStatusRenderer.isTransition(new ItmcpSessionStatus(), pending)).isTrue();
    assertThat(SessionStatusRenderer.becameReady(pending, ready)).isTrue();
    assertThat(SessionStatusRenderer.becameReady(new ItmcpSessionStatus(), ready)).isTrue();
    assertThat(SessionStatusRenderer.becameReady(ready, status(SessionPhase.Ready, "ready again")))
        .isFalse();
    assertThat(SessionStatusRenderer.becameReady(ready, pending)).isFalse();
  }

  static SessionObservation seen(ItmcpSessionStatus previous) {
    return seen(previous, null);
  }

  static SessionObservation seen(ItmcpSessionStatus previous, Instant lastActivity) {
    ItmcpSession session = SessionAdmissionTest.session();
    if (lastActivity != null) {
      session
          .getMetadata()
          .setAnnotations(
              Map.of(SessionContract.LAST_ACTIVITY_ANNOTATION, lastActivity.toString()));
    }
    session.setStatus(previous);
    return new SessionObservation(
        session,
        previous,
        SessionAdmissionTest.policy(),
        Optional.empty(),
        Optional.empty(),
        SessionObservation.lastActivityOf(session),
        List.of(),
        Set.of(),
        NOW);
  }

  static EgressStatus egress(int notGranted) {
    EgressStatus egress = new EgressStatus();
    egress.setMode("network-policy");
    egress.setGranted(new ArrayList<>());
    egress.setNotGranted(
        IntStream.range(0, notGranted)
            .mapToObj(
                i -> {
                  EgressRefusal refusal = new EgressRefusal();
                  refusal.setEntry("h" + i + ".example.com");
                  refusal.setReason("does not resolve");
                  return refusal;
                })
            .toList());
    return egress;
  }

  static ItmcpSessionStatus status(SessionPhase phase, String message) {
    ItmcpSessionStatus status = new ItmcpSessionStatus();
    status.setPhase(phase);
    status.setMessage(message);
    return status;
  }

  static Condition condition(ItmcpSessionStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }
}
