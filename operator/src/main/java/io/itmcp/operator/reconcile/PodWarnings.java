package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.itmcp.api.v1alpha1.SessionContract;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the kubelet says about a pod only in Events, never in the pod's status: a volume that cannot
 * be mounted or attached (a missing ssh Secret, a ReadWriteOnce claim attached to another node)
 * leaves the containers "ContainerCreating" with no message. Pure.
 *
 * <p>These are not failures: the kubelet retries, and the Secret may be created or the claim
 * released. The session keeps waiting, and the reason is put where the caller's error comes from.
 */
public final class PodWarnings {

  /** Event reasons that explain a pod stuck before its containers start. */
  public static final Set<String> EXPLAINING_REASONS =
      union(SessionContract.VOLUME_WAITING_REASONS, Set.of("FailedCreatePodSandBox"));

  /** Kubernetes caps an Event message at 1 KiB; the status message holds several parts. */
  static final int MAX_MESSAGE = 512;

  /** One explaining Event: its reason and message. */
  public record Warning(String reason, String message) {
    public String describe() {
      return reason + ": " + message;
    }
  }

  private PodWarnings() {}

  /** Whether an Event could explain a pod's wait; the informer keeps and reacts to these only. */
  public static boolean explains(Event event) {
    ObjectReference about = event.getInvolvedObject();
    return about != null
        && "Pod".equals(about.getKind())
        && "Warning".equals(event.getType())
        && EXPLAINING_REASONS.contains(event.getReason());
  }

  /**
   * The most recent explaining Event about this very pod (same name, and same uid when both have
   * one), while its containers have not started: once any container runs, ended or waits for
   * another reason (an image pull), the volumes are set up and an old FailedMount explains nothing.
   */
  public static Optional<Warning> latest(Pod pod, Collection<Event> events) {
    if (!beforeContainersStart(pod)) {
      return Optional.empty();
    }
    String name = pod.getMetadata().getName();
    String uid = pod.getMetadata().getUid();
    return events.stream()
        .filter(PodWarnings::explains)
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(
            e ->
                uid == null
                    || e.getInvolvedObject().getUid() == null
                    || uid.equals(e.getInvolvedObject().getUid()))
        .max(Comparator.comparing(PodWarnings::lastSeen))
        .map(
            e -> new Warning(e.getReason(), bounded(Objects.toString(e.getMessage(), "").strip())));
  }

  /** Reasons a container waits with while the kubelet sets up the pod (volumes, network). */
  private static final Set<String> SETTING_UP = Set.of("ContainerCreating", "PodInitializing");

  static boolean beforeContainersStart(Pod pod) {
    if (pod.getStatus() == null) {
      return true;
    }
    List<ContainerStatus> all = new ArrayList<>();
    if (pod.getStatus().getInitContainerStatuses() != null) {
      all.addAll(pod.getStatus().getInitContainerStatuses());
    }
    if (pod.getStatus().getContainerStatuses() != null) {
      all.addAll(pod.getStatus().getContainerStatuses());
    }
    return all.stream()
        .allMatch(
            c ->
                c.getState() == null
                    || (c.getState().getRunning() == null
                        && c.getState().getTerminated() == null
                        && (c.getState().getWaiting() == null
                            || SETTING_UP.contains(c.getState().getWaiting().getReason()))));
  }

  /** When the Event last happened: series, lastTimestamp, eventTime, then creation. */
  static Instant lastSeen(Event event) {
    if (event.getSeries() != null && event.getSeries().getLastObservedTime() != null) {
      return parse(event.getSeries().getLastObservedTime().getTime());
    }
    if (event.getLastTimestamp() != null) {
      return parse(event.getLastTimestamp());
    }
    if (event.getEventTime() != null) {
      return parse(event.getEventTime().getTime());
    }
    return parse(event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp());
  }

  private static Instant parse(String time) {
    if (time == null) {
      return Instant.EPOCH;
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  private static String bounded(String message) {
    return message.length() <= MAX_MESSAGE
        ? message
        : message.substring(0, MAX_MESSAGE - 3) + "...";
  }
}
