package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.api.v1alpha1.EgressStatus;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.ItmcpSessionStatus;
import io.itmcp.api.v1alpha1.ResolvedHost;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionNaming;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.api.v1alpha1.StatusBounds;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.config.WarmPoolSettings;
import io.itmcp.operator.render.SessionRenderer;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Turns an ItmcpSession into its sandbox: admits it against the policy's session limits, writes the
 * network objects before the pod (so the pod never runs unrestricted), creates the pod once,
 * follows it, and ends the session on TTL, idle timeout or policy deletion. A lost pod fails the
 * session; it is never silently replaced, which would lose the sandbox's state.
 */
@ControllerConfiguration(name = SessionReconciler.NAME, finalizerName = SessionContract.FINALIZER)
public final class SessionReconciler implements Reconciler<ItmcpSession>, Cleaner<ItmcpSession> {
  public static final String NAME = "itmcpsession";
  static final String BY_POLICY = "byPolicy";
  private static final Duration POD_GONE_POLL = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final OperatorOptions options;
  private final EgressMode mode;
  private final Clock clock;
  private final SessionObjects objects;
  private final SessionEvents events;
  private final SessionAdmissions admissions = new SessionAdmissions();
  private final SessionApply apply;
  private volatile InformerEventSource<Pod, ItmcpSession> podSource;
  private volatile InformerEventSource<Event, ItmcpSession> podEventSource;
  private volatile IndexedResourceCache<ItmcpSession> sessions;
  private final Consumer<String> quotaRefusals;

  /**
   * {@code events} records the sessions' Events (shared with the policies'); {@code quotaRefusals}
   * hears the limit ({@code maxSessions}, {@code maxSessionsPerUser}) of each session refused by
   * it.
   */
  public SessionReconciler(
      KubernetesClient client,
      OperatorOptions options,
      EgressMode mode,
      Clock clock,
      WarmPoolSettings warmPoolSettings,
      SessionEvents events,
      Consumer<String> quotaRefusals) {
    this.quotaRefusals = quotaRefusals;
    this.client = client;
    this.options = options;
    this.mode = mode;
    this.clock = clock;
    this.objects = new SessionObjects(client);
    this.events = events;
    this.apply =
        new SessionApply(
            new SessionRenderer(options),
            objects,
            events,
            new WarmPool(client, options, warmPoolSettings, events),
            mode);
  }

  @Override
  public List<EventSource<?, ItmcpSession>> prepareEventSources(
      EventSourceContext<ItmcpSession> context) {
    context.getPrimaryCache().addIndexer(BY_POLICY, s -> List.of(policyKey(s)));
    sessions = context.getPrimaryCache();
    var pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, ItmcpSession.class)
                .withLabelSelector(SessionContract.SESSION_LABEL)
                .build(),
            context);
    var networkPolicies =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(NetworkPolicy.class, ItmcpSession.class)
                .withLabelSelector(SessionContract.SESSION_LABEL)
                .build(),
            context);
    var policies =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ItmcpPolicy.class, ItmcpSession.class)
                .withSecondaryToPrimaryMapper(
                    (ItmcpPolicy policy) ->
                        context
                            .getPrimaryCache()
                            .byIndex(
                                BY_POLICY,
                                policy.getMetadata().getNamespace()
                                    + "/"
                                    + policy.getMetadata().getName())
                            .stream()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper(
                    (ItmcpSession session) ->
                        Set.of(
                            new ResourceID(
                                policyName(session), session.getMetadata().getNamespace())))
                // Only what changes a session's objects: spec and resolved addresses, not
                // activeSessions.
                .withOnUpdateFilter(
                    (newPolicy, oldPolicy) ->
                        !Objects.equals(
                                newPolicy.getMetadata().getGeneration(),
                                oldPolicy.getMetadata().getGeneration())
                            || !Objects.equals(
                                Serialization.asJson(newPolicy.getSpec()),
                                Serialization.asJson(oldPolicy.getSpec()))
                            || !Objects.equals(resolved(newPolicy), resolved(oldPolicy)))
                .build(),
            context);
    // The kubelet reports a volume that cannot be mounted only as an Event on the pod: watch the
    // pods' Warning Events (the field selector keeps the cache to those on a real API server; the
    // filter applies the same rule wherever a selector is not evaluated) and map each to the pod's
    // session.
    var podEvents =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Event.class, ItmcpSession.class)
                .withFieldSelector(
                    new FieldSelector(
                        new FieldSelector.Field("involvedObject.kind", "Pod"),
                        new FieldSelector.Field("type", "Warning")))
                .withGenericFilter(PodWarnings::explains)
                .withSecondaryToPrimaryMapper((Event event) -> sessionOfPod(event))
                .withPrimaryToSecondaryMapper((ItmcpSession session) -> Set.of())
                .build(),
            context);
    podSource = pods;
    podEventSource = podEvents;
    return List.of(pods, networkPolicies, policies, podEvents);
  }

  /**
   * The sessions the operator's cache holds, counted by phase (every phase present, 0 included);
   * one without a status yet counts as Pending. Empty before the controller has started.
   */
  public Map<SessionPhase, Long> sessionsByPhase() {
    Map<SessionPhase, Long> out = new EnumMap<>(SessionPhase.class);
    IndexedResourceCache<ItmcpSession> cache = sessions;
    if (cache == null) {
      return out;
    }
    for (SessionPhase phase : SessionPhase.values()) {
      out.put(phase, 0L);
    }
    cache
        .list()
        .forEach(
            s ->
                out.merge(
                    s.getStatus() == null || s.getStatus().getPhase() == null
                        ? SessionPhase.Pending
                        : s.getStatus().getPhase(),
                    1L,
                    Long::sum));
    return out;
  }

  /**
   * One pass, in four steps: observe (read the caches once), admit (decide from that alone), apply
   * (write the network objects, then find, claim or create the pod), status (render what to write).
   */
  @Override
  public UpdateControl<ItmcpSession> reconcile(
      ItmcpSession session, Context<ItmcpSession> context) {
    SessionObservation seen = observe(session, context);
    SessionAdmission.Decision decision = SessionAdmission.decide(seen);
    if (decision instanceof SessionAdmission.End end) {
      return end(seen, end);
    }
    if (decision instanceof SessionAdmission.WaitForPolicy wait) {
      ItmcpSessionStatus status = SessionStatusRenderer.waitingForPolicy(seen, wait.why());
      noteTransition(seen, status, "PolicyNotFound", wait.why());
      return write(session, context, seen.previous(), status)
          .rescheduleAfter(options.missingPolicyRetry());
    }
    if (decision instanceof SessionAdmission.PolicyInvalid invalid) {
      ItmcpSessionStatus status = SessionStatusRenderer.policyInvalid(seen, invalid.why());
      noteTransition(seen, status, "PolicyInvalid", invalid.why());
      return write(session, context, seen.previous(), status);
    }
    if (decision instanceof SessionAdmission.StayFailed failed) {
      return write(
              session,
              context,
              seen.previous(),
              SessionStatusRenderer.stillFailed(seen, failed.expiresAt()))
          .rescheduleAfter(failed.nextCheck());
    }
    if (decision instanceof SessionAdmission.Refuse refused) {
      return fail(
              seen,
              context,
              refused.expiresAt(),
              Optional.empty(),
              refused.reason(),
              refused.message())
          .rescheduleAfter(refused.nextCheck());
    }
    SessionAdmission.Proceed proceed = (SessionAdmission.Proceed) decision;
    return proceed(seen, context, proceed).rescheduleAfter(proceed.nextCheck());
  }

  /** The session's view of the caches, read once at the start of a reconciliation. */
  private SessionObservation observe(ItmcpSession session, Context<ItmcpSession> context) {
    Optional<Pod> pod = context.getSecondaryResource(Pod.class);
    // Only a session not admitted yet is counted against the quota; the others' pods are read for
    // it.
    List<ItmcpSession> ofPolicy =
        SessionObservation.admitted(session.getStatus(), pod)
            ? List.of()
            : context.getPrimaryCache().byIndex(BY_POLICY, policyKey(session));
    Set<String> withPod =
        ofPolicy.stream()
            .filter(other -> !podSource.getSecondaryResources(other).isEmpty())
            .map(other -> other.getMetadata().getName())
            .collect(Collectors.toSet());
    return new SessionObservation(
        session,
        session.getStatus(),
        context.getSecondaryResource(ItmcpPolicy.class),
        pod,
        context.getSecondaryResource(NetworkPolicy.class),
        SessionObservation.lastActivityOf(session),
        ofPolicy,
        withPod,
        clock.instant());
  }

  /**
   * Admits a new session against the policy's session limits, applies its objects and follows its
   * pod.
   */
  private UpdateControl<ItmcpSession> proceed(
      SessionObservation seen, Context<ItmcpSession> context, SessionAdmission.Proceed proceed) {
    ItmcpSession session = seen.session();
    if (proceed.checkQuota()) {
      Optional<SessionQuota.Refusal> refused =
          admissions.admit(
              session,
              seen.policyName(),
              seen.policySessions(),
              proceed.effective().limits(),
              seen::hasPod);
      if (refused.isPresent()) {
        quotaRefusals.accept(refused.get().limit());
        return fail(
            seen,
            context,
            proceed.expiresAt(),
            Optional.empty(),
            SessionContract.REASON_QUOTA_EXCEEDED,
            refused.get().message());
      }
    }
    SessionApply.Outcome outcome = apply.apply(seen, proceed);
    if (outcome instanceof SessionApply.Failed failed) {
      return fail(
          seen, context, proceed.expiresAt(), failed.egress(), failed.reason(), failed.message());
    }
    SessionApply.Applied applied = (SessionApply.Applied) outcome;
    Pod pod = applied.pod();
    PodState podState = PodState.of(pod);
    if (podState.failure().isPresent()) {
      return fail(
          seen,
          context,
          proceed.expiresAt(),
          Optional.of(applied.egress()),
          "PodFailed",
          podState.failure().get()
              + "; a session's sandbox is never restarted: start a new session");
    }
    Optional<PodWarnings.Warning> warning = podState.ready() ? Optional.empty() : podWarning(pod);
    ItmcpSessionStatus status =
        SessionStatusRenderer.running(
            seen,
            proceed.expiresAt(),
            applied.egress(),
            mode,
            pod.getMetadata().getName(),
            podState,
            warning);
    if (SessionStatusRenderer.becameReady(seen.previous(), status)) {
      events.normal(
          session,
          "Ready",
          "sandbox pod "
              + pod.getMetadata().getName()
              + " is ready at "
              + status.getPodIP()
              + "; expires at "
              + proceed.expiresAt());
    }
    return write(session, context, seen.previous(), status);
  }

  @Override
  public DeleteControl cleanup(ItmcpSession session, Context<ItmcpSession> context) {
    if (objects.deletePod(session.getMetadata().getNamespace(), podName(session, context))) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(POD_GONE_POLL);
    }
    objects.deleteNetworkObjects(session, mode == EgressMode.CILIUM);
    admissions.release(session);
    events.normal(session, "Deleted", "sandbox pod and network rules removed");
    return DeleteControl.defaultDelete();
  }

  /** Records why the session ends, writes its last status as a courtesy, and deletes it. */
  private UpdateControl<ItmcpSession> end(SessionObservation seen, SessionAdmission.End end) {
    ItmcpSession session = seen.session();
    events.normal(session, end.reason(), end.message() + "; the session is deleted");
    ItmcpSessionStatus status = SessionStatusRenderer.ended(seen, end);
    var sessions =
        client.resources(ItmcpSession.class).inNamespace(session.getMetadata().getNamespace());
    ItmcpSession withStatus = sessions.withName(session.getMetadata().getName()).get();
    if (withStatus != null) {
      withStatus.setStatus(StatusBounds.cap(status));
      try {
        sessions.resource(withStatus).updateStatus();
      } catch (KubernetesClientException e) {
        // The status is a courtesy before deletion; the deletion is what matters.
      }
      sessions.withName(session.getMetadata().getName()).delete();
    }
    return UpdateControl.noUpdate();
  }

  private UpdateControl<ItmcpSession> fail(
      SessionObservation seen,
      Context<ItmcpSession> context,
      Instant expiresAt,
      Optional<EgressStatus> egress,
      String reason,
      String message) {
    admissions.release(seen.session());
    ItmcpSessionStatus status =
        SessionStatusRenderer.failed(seen, expiresAt, egress, reason, message);
    noteTransition(seen, status, reason, message);
    return write(seen.session(), context, seen.previous(), status);
  }

  /** A Warning Event when the phase or the message changes; an unchanged status is not news. */
  private void noteTransition(
      SessionObservation seen, ItmcpSessionStatus status, String reason, String message) {
    if (SessionStatusRenderer.isTransition(seen.previous(), status)) {
      events.warning(seen.session(), reason, message);
    }
  }

  /**
   * Cuts the status to the CRD's bounds (the API server refuses a status over them, and JOSDK would
   * retry that refusal forever), then replaces the status (PUT on /status, guarded by
   * resourceVersion: a conflict retries the reconciliation) and puts the result in JOSDK's cache,
   * so the next reconciliation sees it. Patches are avoided: a JSON patch computed against a copy
   * behind the server corrupts lists, and the test mock's merge patch appends to lists instead of
   * replacing them.
   */
  private static UpdateControl<ItmcpSession> write(
      ItmcpSession session,
      Context<ItmcpSession> context,
      ItmcpSessionStatus previous,
      ItmcpSessionStatus status) {
    StatusBounds.cap(status);
    if (Serialization.asJson(previous).equals(Serialization.asJson(status))
        && session.getStatus() != null) {
      return UpdateControl.noUpdate();
    }
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
        session,
        context,
        s -> {
          s.setStatus(status);
          return s;
        });
    return UpdateControl.noUpdate();
  }

  /** The latest kubelet warning about this pod that explains why it is not running yet. */
  private Optional<PodWarnings.Warning> podWarning(Pod pod) {
    InformerEventSource<Event, ItmcpSession> source = podEventSource;
    if (source == null) {
      return Optional.empty();
    }
    String podName = pod.getMetadata().getName();
    return PodWarnings.latest(
        pod,
        source
            .list(
                pod.getMetadata().getNamespace(),
                e ->
                    e.getInvolvedObject() != null
                        && podName.equals(e.getInvolvedObject().getName()))
            .toList());
  }

  /** The session whose pod an Event is about: the pod's session label, read from the pod cache. */
  private Set<ResourceID> sessionOfPod(Event event) {
    InformerEventSource<Pod, ItmcpSession> pods = podSource;
    if (pods == null
        || event.getInvolvedObject() == null
        || event.getInvolvedObject().getName() == null) {
      return Set.of();
    }
    String namespace =
        event.getInvolvedObject().getNamespace() != null
            ? event.getInvolvedObject().getNamespace()
            : event.getMetadata().getNamespace();
    return pods.get(new ResourceID(event.getInvolvedObject().getName(), namespace))
        .map(
            pod ->
                pod.getMetadata().getLabels() == null
                    ? null
                    : pod.getMetadata().getLabels().get(SessionContract.SESSION_LABEL))
        .map(session -> Set.of(new ResourceID(session, namespace)))
        .orElse(Set.of());
  }

  private static List<ResolvedHost> resolved(ItmcpPolicy policy) {
    return policy.getStatus() == null ? null : policy.getStatus().getResolvedHosts();
  }

  /** The session's pod: its own name, or a claimed pool pod's (found by owner, or as recorded). */
  private static String podName(ItmcpSession session, Context<ItmcpSession> context) {
    return context
        .getSecondaryResource(Pod.class)
        .map(p -> p.getMetadata().getName())
        .or(
            () ->
                Optional.ofNullable(
                    session.getStatus() == null ? null : session.getStatus().getPodName()))
        .orElse(SessionNaming.pod(session));
  }

  static String policyName(ItmcpSession session) {
    return SessionObservation.policyNameOf(session);
  }

  static String policyKey(ItmcpSession session) {
    return session.getMetadata().getNamespace() + "/" + policyName(session);
  }
}
