package io.itmcp.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodWarningsTest {
  static final Pod POD =
      new PodBuilder()
          .withNewMetadata()
          .withName("s1-sandbox")
          .withNamespace("ns")
          .withUid("uid-1")
          .endMetadata()
          .build();

  static Event event(
      String type,
      String kind,
      String name,
      String uid,
      String reason,
      String message,
      String last) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name + "." + reason + last)
        .withNamespace("ns")
        .endMetadata()
        .withNewInvolvedObject()
        .withKind(kind)
        .withName(name)
        .withUid(uid)
        .withNamespace("ns")
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withLastTimestamp(last)
        .build();
  }

  @Test
  void theLatestMountWarningAboutThisPodExplainsIt() {
    List<Event> events =
        List.of(
            event(
                "Warning",
                "Pod",
                "s1-sandbox",
                "uid-1",
                "FailedMount",
                "secret \"old\" not found",
                "2026-01-01T10:00:00Z"),
            event(
                "Warning",
                "Pod",
                "s1-sandbox",
                "uid-1",
                "FailedAttachVolume",
                "Multi-Attach error for volume \"pvc-1\": Volume is already exclusively attached to one node",
                "2026-01-01T10:02:00Z"),
            event(
                "Normal",
                "Pod",
                "s1-sandbox",
                "uid-1",
                "Scheduled",
                "assigned to node-1",
                "2026-01-01T10:03:00Z"));
    assertThat(PodWarnings.latest(POD, events))
        .hasValue(
            new PodWarnings.Warning(
                "FailedAttachVolume",
                "Multi-Attach error for volume \"pvc-1\": Volume is already exclusively attached to one node"));
  }

  @Test
  void warningsAboutOtherPodsOrAnEarlierPodOfTheSameNameOrOtherReasonsExplainNothing() {
    List<Event> events =
        List.of(
            event(
                "Warning",
                "Pod",
                "s2-sandbox",
                "uid-2",
                "FailedMount",
                "secret \"x\" not found",
                "2026-01-01T10:00:00Z"),
            event(
                "Warning",
                "Pod",
                "s1-sandbox",
                "uid-0",
                "FailedMount",
                "from a deleted pod of the same name",
                "2026-01-01T10:00:00Z"),
            event(
                "Warning",
                "ItmcpSession",
                "s1-sandbox",
                "uid-1",
                "FailedMount",
                "not a pod",
                "2026-01-01T10:00:00Z"),
            event(
                "Warning",
                "Pod",
                "s1-sandbox",
                "uid-1",
                "BackOff",
                "back-off restarting",
                "2026-01-01T10:00:00Z"),
            event(
                "Normal",
                "Pod",
                "s1-sandbox",
                "uid-1",
                "FailedMount",
                "not a warning",
                "2026-01-01T10:00:00Z"));
    assertThat(PodWarnings.latest(POD, events)).isEmpty();
  }

  @Test
  void aLongMessageIsCutToItsBound() {
    String huge = "x".repeat(5000);
    assertThat(
            PodWarnings.latest(
                POD,
                List.of(
                    event(
                        "Warning",
                        "Pod",
                        "s1-sandbox",
                        "uid-1",
                        "FailedMount",
                        huge,
                        "2026-01-01T10:00:00Z"))))
        .hasValueSatisfying(
            w -> assertThat(w.message()).hasSize(PodWarnings.MAX_MESSAGE).endsWith("..."));
  }

  @Test
  void anOldMountWarningExplainsNothingOnceTheContainersGetFurther() {
    List<Event> events =
        List.of(
            event(
                "Warning",
                "Pod",
                "s1-sandbox",
                "uid-1",
                "FailedMount",
                "secret \"netops-ssh\" not found",
                "2026-01-01T10:00:00Z"));
    assertThat(PodWarnings.latest(withContainer("ContainerCreating", false), events)).isPresent();
    assertThat(PodWarnings.latest(withContainer("ErrImagePull", false), events))
        .as("pulling: volumes are set up")
        .isEmpty();
    assertThat(PodWarnings.latest(withContainer(null, true), events)).as("running").isEmpty();
  }

  static Pod withContainer(String waitingReason, boolean running) {
    var state =
        running
            ? new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                .withNewRunning()
                .endRunning()
                .build()
            : new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                .withNewWaiting()
                .withReason(waitingReason)
                .endWaiting()
                .build();
    return new PodBuilder(POD)
        .withNewStatus()
        .withPhase(running ? "Running" : "Pending")
        .addNewContainerStatus()
        .withName("sandbox")
        .withState(state)
        .endContainerStatus()
        .endStatus()
        .build();
  }
}
