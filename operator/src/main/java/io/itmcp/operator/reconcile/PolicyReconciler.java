package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpPolicyStatus;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.api.v1alpha1.StatusBounds;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.config.WarmPoolSettings;
import io.itmcp.operator.dns.PolicyNameResolver;
import io.itmcp.operator.render.EgressPlanner;
import io.itmcp.operator.render.SessionLabels;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.HostRule;
import io.itmcp.policy.PolicyRules;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps {@code ItmcpPolicy.status}: the addresses of its named hosts (re-resolved when their TTL,
 * bounded by floor and ceiling, runs out; a change re-renders the NetworkPolicy of every live
 * session of the policy), the number of live sessions, whether sessions can start under it
 * (conditions Valid and Ready, the latter for the printer column), and the policy's warm pool
 * ({@link WarmPool}).
 */
@ControllerConfiguration(name = PolicyReconciler.NAME)
public final class PolicyReconciler implements Reconciler<ItmcpPolicy> {
  public static final String NAME = "itmcppolicy";
  public static final String VALID = "Valid";
  public static final String HOSTS_RESOLVED = "HostsResolved";

  /** Timers may fire a little early against the operator's clock: look again just after. */
  private static final long REFILL_DUE_MARGIN_MILLIS = 20;

  private final PolicyNameResolver resolver;
  private final SessionEvents events;
  private final Clock clock;
  private final WarmPool warmPool;
  private volatile IndexedResourceCache<ItmcpPolicy> policies;
  private volatile InformerEventSource<Pod, ItmcpPolicy> podSource;

  public PolicyReconciler(
      KubernetesClient client,
      PolicyNameResolver resolver,
      Clock clock,
      OperatorOptions options,
      WarmPoolSettings warmPoolSettings,
      SessionEvents events) {
    this.resolver = resolver;
    this.events = events;
    this.clock = clock;
    this.warmPool = new WarmPool(client, options, warmPoolSettings, events);
  }

  /** The pool states {@link #warmPoolPods()} counts, in the order of {@code status.warmPool}. */
  public static final List<String> WARM_POOL_STATES =
      List.of("target", "ready", "refilling", "claimed");

  /**
   * Pool pods of every policy in the operator's cache, summed by state from each policy's {@code
   * status.warmPool} as last written: every state present, 0 included; all 0 before the controller
   * has started. A deleted policy leaves the cache, and its pods leave the sums.
   */
  public Map<String, Long> warmPoolPods() {
    Map<String, Long> out = new LinkedHashMap<>();
    WARM_POOL_STATES.forEach(state -> out.put(state, 0L));
    IndexedResourceCache<ItmcpPolicy> cache = policies;
    if (cache == null) {
      return out;
    }
    cache
        .list()
        .map(ItmcpPolicy::getStatus)
        .filter(Objects::nonNull)
        .map(ItmcpPolicyStatus::getWarmPool)
        .filter(Objects::nonNull)
        .forEach(
            pool -> {
              out.merge("target", count(pool.getTarget()), Long::sum);
              out.merge("ready", count(pool.getReady()), Long::sum);
              out.merge("refilling", count(pool.getRefilling()), Long::sum);
              out.merge("claimed", count(pool.getClaimed()), Long::sum);
            });
    return out;
  }

  private static long count(Integer n) {
    return n == null ? 0 : n;
  }

  @Override
  public List<EventSource<?, ItmcpPolicy>> prepareEventSources(
      EventSourceContext<ItmcpPolicy> context) {
    policies = context.getPrimaryCache();
    var sessions =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ItmcpSession.class, ItmcpPolicy.class)
                .withSecondaryToPrimaryMapper(
                    (ItmcpSession s) ->
                        Set.of(
                            new ResourceID(
                                SessionReconciler.policyName(s), s.getMetadata().getNamespace())))
                // Only changes that can change activeSessions.
                .withOnUpdateFilter(
                    (newSession, oldSession) ->
                        phase(newSession) != phase(oldSession)
                            || !Objects.equals(
                                newSession.getMetadata().getDeletionTimestamp(),
                                oldSession.getMetadata().getDeletionTimestamp()))
                .build(),
            context);
    // Pool pods (owned by their policy) and claimed session pods (labelled with it): the warm pool.
    var pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, ItmcpPolicy.class)
                .withLabelSelector(SessionLabels.MANAGED_BY + "=" + SessionLabels.OPERATOR)
                .withSecondaryToPrimaryMapper(
                    (Pod pod) ->
                        WarmPool.policyOf(pod)
                            .map(
                                name ->
                                    Set.of(new ResourceID(name, pod.getMetadata().getNamespace())))
                            .orElse(Set.of()))
                .build(),
            context);
    podSource = pods;
    return List.of(sessions, pods);
  }

  @Override
  public UpdateControl<ItmcpPolicy> reconcile(ItmcpPolicy policy, Context<ItmcpPolicy> context) {
    Instant now = clock.instant();
    ItmcpPolicyStatus previous =
        policy.getStatus() == null ? new ItmcpPolicyStatus() : policy.getStatus();
    ItmcpPolicyStatus status = Serialization.clone(previous);
    ConditionSet conditions =
        new ConditionSet(previous.getConditions(), now, policy.getMetadata().getGeneration());
    Optional<EffectivePolicy> effective = Optional.empty();
    boolean valid;
    String validity;
    if (policy.getSpec() == null) {
      valid = false;
      validity =
          "the policy has no spec (a CRD older than this operator's let it in); add spec.tools and the allow-lists";
    } else {
      String problem = null;
      try {
        effective = Optional.of(PolicyRules.compile(policy));
      } catch (IllegalArgumentException e) {
        problem = e.getMessage();
      }
      valid = problem == null;
      validity = valid ? "the policy compiles" : problem;
    }
    conditions.set(VALID, valid, valid ? "Compiled" : "Invalid", validity);
    conditions.set(
        SessionContract.CONDITION_READY,
        valid,
        valid ? "Compiled" : "Invalid",
        valid
            ? "sessions can start under this policy"
            : "no session starts under this policy: " + validity);

    List<String> names = new ArrayList<>();
    List<String> allowedHosts =
        policy.getSpec() == null || policy.getSpec().getAllowedHosts() == null
            ? List.of()
            : policy.getSpec().getAllowedHosts();
    for (String entry : allowedHosts) {
      try {
        HostRule rule = HostRule.parse(entry);
        if (rule.kind() == HostRule.Kind.NAME && !EgressPlanner.isSingleLabel(rule.name())) {
          names.add(rule.name());
        }
      } catch (IllegalArgumentException e) {
        // Reported by the Valid condition; a malformed entry resolves nothing.
      }
    }
    PolicyNameResolver.Outcome outcome = resolver.resolve(names, previous.getResolvedHosts(), now);
    status.setResolvedHosts(outcome.resolvedHosts());
    Map<String, String> failures = outcome.failures();
    conditions.set(
        HOSTS_RESOLVED,
        failures.isEmpty(),
        failures.isEmpty() ? "Resolved" : "Unresolved",
        failures.isEmpty()
            ? names.size() + " names resolved"
            : failures.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("; "))
                + " (these grant nothing until they resolve)");
    status.setConditions(conditions.build());
    status.setActiveSessions(
        (int)
            context
                .getSecondaryResourcesAsStream(ItmcpSession.class)
                .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
                .filter(s -> phase(s) == SessionPhase.Ready || phase(s) == SessionPhase.Pending)
                .count());
    WarmPool.Outcome pool =
        warmPool.reconcile(
            policy,
            effective,
            context.getSecondaryResources(Pod.class),
            podSource.list(WarmPool::isPoolPod).toList(),
            now,
            pod -> podSource.handleRecentResourceCreate(ResourceID.fromResource(pod), pod));
    status.setWarmPool(pool.status());
    status.setObservedGeneration(policy.getMetadata().getGeneration());

    if (!Objects.equals(
        Serialization.asJson(previous.getResolvedHosts()),
        Serialization.asJson(status.getResolvedHosts()))) {
      events.normal(
          policy,
          "AddressesChanged",
          outcome.resolvedHosts().stream()
                  .map(h -> h.getHost() + "=" + String.join(",", h.getAddresses()))
                  .collect(Collectors.joining("; "))
              + "; live sessions are re-rendered");
    }
    StatusBounds.cap(status);
    if (policy.getStatus() == null
        || !Serialization.asJson(previous).equals(Serialization.asJson(status))) {
      // A full status replace: patches corrupt lists (see SessionReconciler#write).
      PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
          policy,
          context,
          p -> {
            p.setStatus(status);
            return p;
          });
    }
    Optional<Duration> lookAgain =
        Stream.concat(
                names.isEmpty() ? Stream.empty() : Stream.of(outcome.refreshAfter()),
                pool.refillDue().map(due -> refillWait(now, due)).stream())
            .min(Comparator.naturalOrder());
    UpdateControl<ItmcpPolicy> control = UpdateControl.noUpdate();
    return lookAgain.map(control::rescheduleAfter).orElse(control);
  }

  /** Until a held-off refill is due, and a little after: the pool's clock must have reached it. */
  private static Duration refillWait(Instant now, Instant due) {
    return Duration.between(now, due).plusMillis(REFILL_DUE_MARGIN_MILLIS);
  }

  private static SessionPhase phase(ItmcpSession session) {
    return session.getStatus() == null ? null : session.getStatus().getPhase();
  }
}
