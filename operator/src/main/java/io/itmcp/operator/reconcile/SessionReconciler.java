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
import io.itmcp.api.v1alpha1.WarmPoolSpec;
import io.itmcp.api.v1alpha1.StatusBounds;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.config.WarmPoolSettings;
import io.itmcp.operator.render.RenderedSession;
import io.itmcp.operator.render.ResolvedNames;
import io.itmcp.operator.render.SessionRenderInput;
import io.itmcp.operator.render.SessionRenderer;
import io.itmcp.operator.render.SessionTimes;
import io.itmcp.policy.EffectivePolicy;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.itmcp.policy.PolicyRules;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Turns an ItmcpSession into its sandbox: admits it against the policy's session limits, writes
 * the network objects before the pod (so the pod never runs unrestricted), creates the pod once,
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
  private final SessionRenderer renderer;
  private final SessionObjects objects;
  private final SessionEvents events;
  private final SessionAdmissions admissions = new SessionAdmissions();
  private final WarmPool warmPool;
  private volatile InformerEventSource<Pod, ItmcpSession> podSource;
  private volatile InformerEventSource<Event, ItmcpSession> podEventSource;
  private volatile IndexedResourceCache<ItmcpSession> sessions;
  private final Consumer<String> quotaRefusals;

  public SessionReconciler(KubernetesClient client, OperatorOptions options, EgressMode mode, Clock clock,
      WarmPoolSettings warmPoolSettings) {
    this(client, options, mode, clock, warmPoolSettings, limit -> { });
  }

  /** {@code quotaRefusals} hears the limit ({@code maxSessions}, {@code maxSessionsPerUser}) of each session refused by it. */
  public SessionReconciler(KubernetesClient client, OperatorOptions options, EgressMode mode, Clock clock,
      WarmPoolSettings warmPoolSettings, Consumer<String> quotaRefusals) {
    this.quotaRefusals = quotaRefusals;
    this.client = client;
    this.options = options;
    this.mode = mode;
    this.clock = clock;
    this.renderer = new SessionRenderer(options);
    this.objects = new SessionObjects(client);
    this.events = new SessionEvents(client, clock);
    this.warmPool = new WarmPool(client, options, warmPoolSettings, events);
  }

  @Override
  public List<EventSource<?, ItmcpSession>> prepareEventSources(EventSourceContext<ItmcpSession> context) {
    context.getPrimaryCache().addIndexer(BY_POLICY, s -> List.of(policyKey(s)));
    sessions = context.getPrimaryCache();
    var pods = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, ItmcpSession.class)
        .withLabelSelector(SessionContract.SESSION_LABEL)
        .build(), context);
    var networkPolicies = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(NetworkPolicy.class, ItmcpSession.class)
            .withLabelSelector(SessionContract.SESSION_LABEL)
            .build(), context);
    var policies = new InformerEventSource<>(InformerEventSourceConfiguration.from(ItmcpPolicy.class, ItmcpSession.class)
        .withSecondaryToPrimaryMapper((ItmcpPolicy policy) -> context.getPrimaryCache()
            .byIndex(BY_POLICY, policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName())
            .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((ItmcpSession session) -> Set.of(
            new ResourceID(policyName(session), session.getMetadata().getNamespace())))
        // Only what changes a session's objects: spec and resolved addresses, not activeSessions.
        .withOnUpdateFilter((newPolicy, oldPolicy) ->
            !Objects.equals(newPolicy.getMetadata().getGeneration(), oldPolicy.getMetadata().getGeneration())
                || !Objects.equals(Serialization.asJson(newPolicy.getSpec()), Serialization.asJson(oldPolicy.getSpec()))
                || !Objects.equals(resolved(newPolicy), resolved(oldPolicy)))
        .build(), context);
    // The kubelet reports a volume that cannot be mounted only as an Event on the pod: watch the
    // pods' Warning Events (the field selector keeps the cache to those on a real API server; the
    // filter applies the same rule wherever a selector is not evaluated) and map each to the pod's
    // session.
    var podEvents = new InformerEventSource<>(InformerEventSourceConfiguration.from(Event.class, ItmcpSession.class)
        .withFieldSelector(new FieldSelector(new FieldSelector.Field("involvedObject.kind", "Pod"),
            new FieldSelector.Field("type", "Warning")))
        .withGenericFilter(PodWarnings::explains)
        .withSecondaryToPrimaryMapper((Event event) -> sessionOfPod(event))
        .withPrimaryToSecondaryMapper((ItmcpSession session) -> Set.of())
        .build(), context);
    podSource = pods;
    podEventSource = podEvents;
    return List.of(pods, networkPolicies, policies, podEvents);
  }

  /**
   * The sessions the operator's cache holds, counted by phase (every phase present, 0 included); one
   * without a status yet counts as Pending. Empty before the controller has started.
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
    cache.list().forEach(s -> out.merge(s.getStatus() == null || s.getStatus().getPhase() == null
        ? SessionPhase.Pending : s.getStatus().getPhase(), 1L, Long::sum));
    return out;
  }

  @Override
  public UpdateControl<ItmcpSession> reconcile(ItmcpSession session, Context<ItmcpSession> context) {
    Instant now = clock.instant();
    ItmcpSessionStatus previous = session.getStatus() == null ? new ItmcpSessionStatus() : session.getStatus();
    ItmcpSessionStatus status = copy(previous);
    Optional<Pod> cachedPod = context.getSecondaryResource(Pod.class);
    boolean admitted = previous.getPodName() != null || cachedPod.isPresent();
    Optional<ItmcpPolicy> policy = context.getSecondaryResource(ItmcpPolicy.class);
    Optional<Instant> lastActivity = SessionTimes.parse(annotation(session, SessionContract.LAST_ACTIVITY_ANNOTATION));
    lastActivity.ifPresent(a -> status.setLastActivityTime((a.isAfter(now) ? now : a).toString()));

    if (policy.isEmpty()) {
      if (admitted) {
        return end(session, status, SessionPhase.Expired, "PolicyDeleted",
            "policy " + policyName(session) + " was deleted; its sessions end");
      }
      String why = "policy " + policyName(session) + " does not exist in namespace "
          + session.getMetadata().getNamespace() + "; the session waits for it";
      status.setPhase(SessionPhase.Pending);
      status.setMessage(why);
      status.setConditions(new ConditionSet(previous.getConditions(), now, generation(session))
          .set(SessionContract.CONDITION_POLICY_RESOLVED, false, "PolicyNotFound", why)
          .set(SessionContract.CONDITION_READY, false, "PolicyNotFound", why).build());
      noteTransition(session, previous, status, "PolicyNotFound", why, true);
      return write(session, context, previous, status).rescheduleAfter(options.missingPolicyRetry());
    }

    EffectivePolicy effective;
    try {
      effective = PolicyRules.compile(policy.get());
    } catch (IllegalArgumentException e) {
      String why = "policy " + policyName(session) + " is invalid: " + e.getMessage()
          + (admitted ? "; the session keeps the egress it had" : "; no sandbox is made until it is fixed");
      status.setMessage(why);
      status.setPhase(admitted ? previous.getPhase() : SessionPhase.Pending);
      status.setConditions(new ConditionSet(previous.getConditions(), now, generation(session))
          .set(SessionContract.CONDITION_POLICY_RESOLVED, false, "PolicyInvalid", why).build());
      noteTransition(session, previous, status, "PolicyInvalid", why, true);
      return write(session, context, previous, status);
    }

    Instant created = SessionTimes.created(session, now);
    Instant expiresAt = created.plus(SessionTimes.ttl(session, effective.limits()));
    status.setExpiresAt(expiresAt.toString());
    if (!now.isBefore(expiresAt)) {
      return end(session, status, SessionPhase.Expired, "Expired",
          "TTL of " + SessionTimes.ttl(session, effective.limits()).toSeconds() + "s reached at " + expiresAt);
    }
    Optional<Instant> idleDeadline = SessionTimes.idleDeadline(created, lastActivity, effective.limits(), now);
    if (idleDeadline.isPresent() && !now.isBefore(idleDeadline.get())) {
      return end(session, status, SessionPhase.Expired, "IdleTimeout",
          "no activity for " + effective.limits().idleTimeout().toSeconds() + "s (idle timeout)");
    }
    Duration nextCheck = Duration.between(now, idleDeadline.filter(d -> d.isBefore(expiresAt)).orElse(expiresAt))
        .plusMillis(500);

    if (previous.getPhase() == SessionPhase.Failed) {
      return write(session, context, previous, status).rescheduleAfter(nextCheck);
    }

    if (session.getMetadata().getName().length() > SessionNaming.MAX_LABEL_VALUE) {
      return fail(session, context, previous, status, "NameTooLong", "session name is longer than "
          + SessionNaming.MAX_LABEL_VALUE + " characters, so it cannot label its pod (itmcp.io/session); use a shorter name",
          now).rescheduleAfter(nextCheck);
    }
    if (!admitted) {
      Optional<SessionAdmissions.Refusal> refused = admissions.admit(session, policyName(session),
          context.getPrimaryCache().byIndex(BY_POLICY, policyKey(session)), effective.limits(),
          other -> !podSource.getSecondaryResources(other).isEmpty());
      if (refused.isPresent()) {
        quotaRefusals.accept(refused.get().limit());
        return fail(session, context, previous, status, SessionContract.REASON_QUOTA_EXCEEDED, refused.get().message(), now)
            .rescheduleAfter(nextCheck);
      }
    }

    RenderedSession rendered;
    try {
      rendered = renderer.render(new SessionRenderInput(session, policy.get(), effective,
          names(policy.get()), mode, now));
    } catch (IllegalArgumentException e) {
      return fail(session, context, previous, status, "RenderFailed", "cannot build the sandbox: " + e.getMessage(), now)
          .rescheduleAfter(nextCheck);
    }

    boolean egressChanged;
    try {
      egressChanged = objects.applyNetworkPolicy(rendered.networkPolicy(),
          context.getSecondaryResource(NetworkPolicy.class));
      if (rendered.ciliumPolicy().isPresent()) {
        egressChanged |= objects.applyCiliumPolicy(rendered.ciliumPolicy().get());
      }
    } catch (ApiRejection e) {
      return fail(session, context, previous, status, "NetworkPolicyRejected", e.getMessage()
          + "; without its network rules no sandbox is started", now).rescheduleAfter(nextCheck);
    }
    if (egressChanged && previous.getEgress() != null) {
      events.normal(session, "EgressUpdated", "network rules re-rendered: " + describe(rendered.egress()));
    }
    status.setEgress(rendered.egress());

    Pod pod = cachedPod.orElse(null);
    if (pod == null && previous.getPodName() != null) {
      pod = objects.livePod(session.getMetadata().getNamespace(), previous.getPodName()).orElse(null);
      if (pod == null) {
        return fail(session, context, previous, status, "PodLost", "pod " + previous.getPodName()
            + " was deleted; a session's sandbox is never replaced (its state would be lost): start a new session",
            now).rescheduleAfter(nextCheck);
      }
    }
    if (pod == null && WarmPoolSpec.sizeOf(policy.get().getSpec().getSandbox()) > 0) {
      // The session's network objects are written above: a claimed pool pod leaves the pool's
      // deny-all only into them. Without a pool nothing is asked: the cold start as it was.
      pod = warmPool.claim(session, policyName(session), rendered.pod(), now).orElse(null);
    }
    if (pod == null) {
      Optional<Pod> created1;
      try {
        created1 = objects.createPod(rendered.pod(), session);
      } catch (ApiRejection e) {
        return fail(session, context, previous, status, "PodRejected", e.getMessage(), now).rescheduleAfter(nextCheck);
      }
      if (created1.isEmpty()) {
        return fail(session, context, previous, status, "PodNameTaken", "a pod named " + SessionNaming.pod(session)
            + " exists and does not belong to this session", now).rescheduleAfter(nextCheck);
      }
      pod = created1.get();
      events.normal(session, "PodCreated", "created sandbox pod " + pod.getMetadata().getName());
    }

    PodState podState = PodState.of(pod);
    if (podState.failure().isPresent()) {
      return fail(session, context, previous, status, "PodFailed", podState.failure().get()
          + "; a session's sandbox is never restarted: start a new session", now).rescheduleAfter(nextCheck);
    }
    Optional<PodWarnings.Warning> warning = podState.ready() ? Optional.empty() : podWarning(pod);
    if (warning.isPresent()) {
      String why = warning.get().describe() + " (the kubelet keeps retrying)";
      podState = new PodState(false, podState.podIP(), Optional.empty(),
          Optional.of(podState.waitingFor().map(w -> w + "; ").orElse("") + why));
    }

    status.setPodName(pod.getMetadata().getName());
    status.setPodIP(podState.podIP());
    String egressMessage = rendered.egress().getNotGranted() == null || rendered.egress().getNotGranted().isEmpty()
        ? "egress rendered (" + mode.wireName() + ")"
        : rendered.egress().getNotGranted().size() + " entries grant nothing at the network layer: "
            + firstEntries(rendered.egress().getNotGranted().stream().map(r -> r.getEntry()).toList())
            + " (status.egress.notGranted says why)";
    ConditionSet conditions = new ConditionSet(previous.getConditions(), now, generation(session))
        .set(SessionContract.CONDITION_POLICY_RESOLVED, true, "PolicyFound", "policy " + policyName(session) + " compiled")
        .set(SessionContract.CONDITION_EGRESS_READY, true, "Rendered", egressMessage)
        .set(SessionContract.CONDITION_POD_READY, podState.ready(),
            podState.ready() ? "PodReady" : warning.map(PodWarnings.Warning::reason).orElse("PodStarting"),
            podState.ready() ? "pod " + pod.getMetadata().getName() + " is ready"
                : "waiting for the pod to be ready" + podState.waitingFor().map(w -> ": " + w).orElse(""));
    conditions.set(SessionContract.CONDITION_READY, podState.ready(), podState.ready() ? "Ready" : "Starting",
        podState.ready() ? "the sandbox accepts tool calls" : "the sandbox is starting");
    status.setConditions(conditions.build());
    status.setPhase(podState.ready() ? SessionPhase.Ready : SessionPhase.Pending);
    status.setMessage(podState.ready() ? "ready until " + expiresAt + "; " + egressMessage
        : "starting" + podState.waitingFor().map(w -> " (" + w + ")").orElse("") + "; " + egressMessage);
    status.setObservedGeneration(generation(session));
    if (podState.ready() && previous.getPhase() != SessionPhase.Ready) {
      events.normal(session, "Ready", "sandbox pod " + pod.getMetadata().getName() + " is ready at "
          + podState.podIP() + "; expires at " + expiresAt);
    }
    return write(session, context, previous, status).rescheduleAfter(nextCheck);
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

  private UpdateControl<ItmcpSession> end(ItmcpSession session, ItmcpSessionStatus status, SessionPhase phase,
      String reason, String message) {
    events.normal(session, reason, message + "; the session is deleted");
    status.setPhase(phase);
    status.setMessage(message);
    var sessions = client.resources(ItmcpSession.class).inNamespace(session.getMetadata().getNamespace());
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

  private UpdateControl<ItmcpSession> fail(ItmcpSession session, Context<ItmcpSession> context,
      ItmcpSessionStatus previous, ItmcpSessionStatus status,
      String reason, String message, Instant now) {
    admissions.release(session);
    status.setPhase(SessionPhase.Failed);
    status.setMessage(message);
    status.setConditions(new ConditionSet(previous.getConditions(), now, generation(session))
        .set(SessionContract.CONDITION_READY, false, reason, message).build());
    noteTransition(session, previous, status, reason, message, true);
    return write(session, context, previous, status);
  }

  private void noteTransition(ItmcpSession session, ItmcpSessionStatus previous, ItmcpSessionStatus status,
      String reason, String message, boolean warning) {
    if (previous.getPhase() != status.getPhase() || !Objects.equals(previous.getMessage(), status.getMessage())) {
      if (warning) {
        events.warning(session, reason, message);
      } else {
        events.normal(session, reason, message);
      }
    }
  }

  /**
   * Cuts the status to the CRD's bounds (the API server refuses a status over them, and JOSDK
   * would retry that refusal forever), then replaces the status (PUT on /status, guarded by resourceVersion: a conflict retries the
   * reconciliation) and puts the result in JOSDK's cache, so the next reconciliation sees it.
   * Patches are avoided: a JSON patch computed against a copy behind the server corrupts lists,
   * and the test mock's merge patch appends to lists instead of replacing them.
   */
  private static UpdateControl<ItmcpSession> write(ItmcpSession session, Context<ItmcpSession> context,
      ItmcpSessionStatus previous,
      ItmcpSessionStatus status) {
    StatusBounds.cap(status);
    if (Serialization.asJson(previous).equals(Serialization.asJson(status)) && session.getStatus() != null) {
      return UpdateControl.noUpdate();
    }
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(session, context, s -> {
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
    return PodWarnings.latest(pod, source.list(pod.getMetadata().getNamespace(),
        e -> e.getInvolvedObject() != null && podName.equals(e.getInvolvedObject().getName())).toList());
  }

  /** The session whose pod an Event is about: the pod's session label, read from the pod cache. */
  private Set<ResourceID> sessionOfPod(Event event) {
    InformerEventSource<Pod, ItmcpSession> pods = podSource;
    if (pods == null || event.getInvolvedObject() == null || event.getInvolvedObject().getName() == null) {
      return Set.of();
    }
    String namespace = event.getInvolvedObject().getNamespace() != null
        ? event.getInvolvedObject().getNamespace() : event.getMetadata().getNamespace();
    return pods.get(new ResourceID(event.getInvolvedObject().getName(), namespace))
        .map(pod -> pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(SessionContract.SESSION_LABEL))
        .map(session -> Set.of(new ResourceID(session, namespace)))
        .orElse(Set.of());
  }

  private ResolvedNames names(ItmcpPolicy policy) {
    Map<String, List<String>> addresses = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    List<ResolvedHost> hosts = policy.getStatus() == null || policy.getStatus().getResolvedHosts() == null
        ? List.of() : policy.getStatus().getResolvedHosts();
    for (ResolvedHost host : hosts) {
      if (host.getAddresses() != null && !host.getAddresses().isEmpty()) {
        addresses.put(host.getHost(), host.getAddresses());
      } else {
        failures.put(host.getHost(), "no addresses at the last lookup, " + host.getResolvedAt());
      }
    }
    return new ResolvedNames(addresses, failures);
  }

  private static final int LISTED_ENTRIES = 10;

  /** The first entries of a list for a human message, and how many more there are. */
  static String firstEntries(List<String> entries) {
    String head = String.join(", ", entries.subList(0, Math.min(entries.size(), LISTED_ENTRIES)));
    return entries.size() <= LISTED_ENTRIES ? head : head + " and " + (entries.size() - LISTED_ENTRIES) + " more";
  }

  private static String describe(EgressStatus egress) {
    return firstEntries(egress.getGranted().stream().map(g -> g.getEntry()).toList())
        + (egress.getNotGranted().isEmpty() ? "" : "; not granted: "
            + firstEntries(egress.getNotGranted().stream().map(r -> r.getEntry()).toList()));
  }

  private static List<ResolvedHost> resolved(ItmcpPolicy policy) {
    return policy.getStatus() == null ? null : policy.getStatus().getResolvedHosts();
  }

  private static ItmcpSessionStatus copy(ItmcpSessionStatus status) {
    return Serialization.clone(status);
  }

  private static String annotation(ItmcpSession session, String key) {
    Map<String, String> annotations = session.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private static Long generation(ItmcpSession session) {
    return session.getMetadata().getGeneration();
  }

  /** The session's pod: its own name, or a claimed pool pod's (found by owner, or as recorded). */
  private static String podName(ItmcpSession session, Context<ItmcpSession> context) {
    return context.getSecondaryResource(Pod.class).map(p -> p.getMetadata().getName())
        .or(() -> Optional.ofNullable(session.getStatus() == null ? null : session.getStatus().getPodName()))
        .orElse(SessionNaming.pod(session));
  }

  static String policyName(ItmcpSession session) {
    return session.getSpec() == null || session.getSpec().getPolicyRef() == null
        ? "" : Objects.toString(session.getSpec().getPolicyRef().getName(), "");
  }

  static String policyKey(ItmcpSession session) {
    return session.getMetadata().getNamespace() + "/" + policyName(session);
  }
}
