package io.itmcp.gateway.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.ItmcpSessionStatus;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.gateway.runtime.StartFailure;
import io.itmcp.gateway.runtime.kubernetes.SessionReadiness.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionReadinessTest {

  static ItmcpSession session(SessionPhase phase, String podName, String message) {
    ItmcpSession session = new ItmcpSession();
    session.setMetadata(new ObjectMetaBuilder().withName("mcp-x").build());
    if (phase != null || podName != null || message != null) {
      ItmcpSessionStatus status = new ItmcpSessionStatus();
      status.setPhase(phase);
      status.setPodName(podName);
      status.setMessage(message);
      session.setStatus(status);
    }
    return session;
  }

  static Pod waiting(boolean init, String reason, String message) {
    var builder = SessionStandIn.basePod("mcp-x", "pod-x").withNewStatus().withPhase("Pending");
    var status =
        new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
            .withName(init ? "init" : "sandbox")
            .withImage("img:1")
            .withNewState()
            .withNewWaiting()
            .withReason(reason)
            .withMessage(message)
            .endWaiting()
            .endState()
            .build();
    return (init
            ? builder.withInitContainerStatuses(status)
            : builder.withContainerStatuses(status))
        .endStatus()
        .build();
  }

  @Test
  void readyNeedsThePhaseAndAPodName() {
    assertThat(SessionReadiness.evaluate(session(SessionPhase.Ready, "pod-x", null), null))
        .isEqualTo(new Verdict(Verdict.State.READY, null, "", "pod-x"));
    assertThat(SessionReadiness.evaluate(session(SessionPhase.Ready, null, null), null).state())
        .isEqualTo(Verdict.State.PENDING);
  }

  @Test
  void noStatusYetIsPendingAndSaysSo() {
    Verdict verdict = SessionReadiness.evaluate(session(null, null, null), null);
    assertThat(verdict.state()).isEqualTo(Verdict.State.PENDING);
    assertThat(verdict.detail()).contains("not yet set by the operator");
  }

  @Test
  void pendingCarriesTheOperatorsMessageOrTheFirstFalseCondition() {
    assertThat(
            SessionReadiness.evaluate(session(SessionPhase.Pending, null, "resolving hosts"), null)
                .detail())
        .isEqualTo("resolving hosts");
    ItmcpSession withCondition = session(SessionPhase.Pending, null, null);
    withCondition
        .getStatus()
        .setConditions(
            List.of(
                new ConditionBuilder()
                    .withType("PolicyResolved")
                    .withStatus("True")
                    .withMessage("ok")
                    .build(),
                new ConditionBuilder()
                    .withType("EgressReady")
                    .withStatus("False")
                    .withMessage("db.example.com does not resolve")
                    .build()));
    assertThat(SessionReadiness.evaluate(withCondition, null).detail())
        .isEqualTo("EgressReady: db.example.com does not resolve");
  }

  @Test
  void goneOrDeletingSessionsAreDeleted() {
    assertThat(SessionReadiness.evaluate(null, null).failure()).isEqualTo(StartFailure.DELETED);
    ItmcpSession deleting = session(SessionPhase.Pending, null, null);
    deleting.getMetadata().setDeletionTimestamp("2026-11-24T21:00:00Z");
    assertThat(SessionReadiness.evaluate(deleting, null).failure()).isEqualTo(StartFailure.DELETED);
    assertThat(
            SessionReadiness.evaluate(session(SessionPhase.Terminating, null, null), null)
                .failure())
        .isEqualTo(StartFailure.DELETED);
  }

  @Test
  void failedAndExpiredAreFailuresQuotaIsNamed() {
    assertThat(SessionReadiness.evaluate(session(SessionPhase.Failed, null, "pod lost"), null))
        .satisfies(v -> assertThat(v.failure()).isEqualTo(StartFailure.FAILED))
        .satisfies(v -> assertThat(v.detail()).contains("pod lost"));
    assertThat(SessionReadiness.evaluate(session(SessionPhase.Expired, null, null), null).failure())
        .isEqualTo(StartFailure.FAILED);
    assertThat(
            SessionReadiness.evaluate(
                    session(SessionPhase.Failed, null, "QuotaExceeded: maxSessions 50 reached"),
                    null)
                .failure())
        .isEqualTo(StartFailure.QUOTA_EXCEEDED);
  }

  @Test
  void permanentImageProblemsFailAndTransientOnesWaitNamingTheCause() {
    for (String reason : List.of("InvalidImageName", "ErrImageNeverPull")) {
      Verdict verdict =
          SessionReadiness.evaluate(
              session(SessionPhase.Pending, null, null), waiting(false, reason, "x"));
      assertThat(verdict.state()).as(reason).isEqualTo(Verdict.State.FAILED);
      assertThat(verdict.failure()).as(reason).isEqualTo(StartFailure.IMAGE_PULL);
    }
    for (String reason : List.of("ErrImagePull", "ImagePullBackOff", "RegistryUnavailable")) {
      Verdict verdict =
          SessionReadiness.evaluate(
              session(SessionPhase.Pending, null, null), waiting(false, reason, "x"));
      assertThat(verdict.state()).as(reason).isEqualTo(Verdict.State.PENDING);
      assertThat(verdict.failure())
          .as(reason + " if the timeout passes")
          .isEqualTo(StartFailure.IMAGE_PULL);
    }
    Verdict init =
        SessionReadiness.evaluate(
            session(SessionPhase.Pending, null, null),
            waiting(true, "ImagePullBackOff", "pull denied"));
    assertThat(init.failure()).isEqualTo(StartFailure.IMAGE_PULL);
    assertThat(init.detail()).contains("container init", "pull denied", "img:1");
  }

  @Test
  void aMissingSecretIsAFailureWithTheKubeletsWords() {
    Verdict verdict =
        SessionReadiness.evaluate(
            session(SessionPhase.Pending, null, null),
            waiting(false, "CreateContainerConfigError", "secret \"ssh-keys\" not found"));
    assertThat(verdict.failure()).isEqualTo(StartFailure.FAILED);
    assertThat(verdict.detail())
        .contains("CreateContainerConfigError", "secret \"ssh-keys\" not found");
  }

  @Test
  void containerCreatingIsStillPending() {
    assertThat(
            SessionReadiness.evaluate(
                    session(SessionPhase.Pending, null, null),
                    waiting(false, "ContainerCreating", null))
                .state())
        .isEqualTo(Verdict.State.PENDING);
  }

  @Test
  void aFailedPodFails() {
    Pod failed =
        SessionStandIn.basePod("mcp-x", "pod-x")
            .withNewStatus()
            .withPhase("Failed")
            .withReason("Evicted")
            .withMessage("The node was low on resource: memory.")
            .endStatus()
            .build();
    Verdict verdict = SessionReadiness.evaluate(session(SessionPhase.Pending, null, null), failed);
    assertThat(verdict.failure()).isEqualTo(StartFailure.FAILED);
    assertThat(verdict.detail()).contains("Evicted", "low on resource");
  }

  @Test
  void scheduledFalseForAnotherReasonIsNotUnschedulable() {
    Pod gated =
        SessionStandIn.basePod("mcp-x", "pod-x")
            .withNewStatus()
            .withPhase("Pending")
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("SchedulingGated")
            .endCondition()
            .endStatus()
            .build();
    assertThat(SessionReadiness.evaluate(session(SessionPhase.Pending, null, null), gated).state())
        .isEqualTo(Verdict.State.PENDING);
  }

  @Test
  void aPodReadyConditionNamingAVolumeWaitsAndTurnsIntoAVolumeFailureAtTheTimeout() {
    ItmcpSession session =
        session(
            SessionPhase.Pending,
            "pod-x",
            "starting (FailedMount: secret \"netops-ssh\" not found)");
    session
        .getStatus()
        .setConditions(
            List.of(
                new ConditionBuilder()
                    .withType("PodReady")
                    .withStatus("False")
                    .withReason("FailedMount")
                    .withMessage("secret \"netops-ssh\" not found")
                    .build()));
    Verdict verdict = SessionReadiness.evaluate(session, null);
    assertThat(verdict.state()).isEqualTo(Verdict.State.PENDING);
    assertThat(verdict.failure()).isEqualTo(StartFailure.VOLUME_MOUNT);
    assertThat(verdict.detail()).contains("FailedMount", "netops-ssh");

    session
        .getStatus()
        .setConditions(
            List.of(
                new ConditionBuilder()
                    .withType("PodReady")
                    .withStatus("False")
                    .withReason("PodStarting")
                    .withMessage("waiting")
                    .build()));
    assertThat(SessionReadiness.evaluate(session, null).failure())
        .as("an ordinary start is a plain timeout")
        .isNull();
  }
}
