package io.itmcp.operator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.config.WarmPoolSettings;
import io.itmcp.operator.dns.HostResolver;
import io.itmcp.operator.dns.PolicyNameResolver;
import io.itmcp.operator.reconcile.EgressModeDetector;
import io.itmcp.operator.reconcile.PolicyReconciler;
import io.itmcp.operator.reconcile.SessionEvents;
import io.itmcp.operator.reconcile.SessionReconciler;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Clock;

/**
 * Assembles the operator: both reconcilers on one JOSDK Operator, server-side apply off (status is
 * written with merge patches, which every API server and the test mock accept), optional leader
 * election, metrics.
 */
public final class OperatorRuntime implements AutoCloseable {
  private final Operator operator;
  private final OperatorMetrics metrics = new OperatorMetrics();
  private final EgressMode mode;
  private final SessionEvents events;

  public OperatorRuntime(
      KubernetesClient client, OperatorOptions options, HostResolver resolver, Clock clock) {
    this(client, options, WarmPoolSettings.defaults(), resolver, clock);
  }

  public OperatorRuntime(
      KubernetesClient client,
      OperatorOptions options,
      WarmPoolSettings warmPool,
      HostResolver resolver,
      Clock clock) {
    this.mode = EgressModeDetector.decide(options.egressMode(), client);
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withMetrics(metrics.josdk())
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false);
              if (options.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(options.leaseName(), options.leaseNamespace()));
              }
            });
    this.events = new SessionEvents(client, clock);
    SessionReconciler sessions =
        new SessionReconciler(
            client, options, mode, clock, warmPool, events, metrics.quotaRefusals());
    metrics.sessions(sessions::sessionsByPhase);
    operator.register(sessions, c -> namespaces(c, options));
    PolicyReconciler policies =
        new PolicyReconciler(
            client,
            new PolicyNameResolver(new MeteredHostResolver(resolver, metrics.registry()), options),
            clock,
            options,
            warmPool,
            events);
    metrics.warmPool(PolicyReconciler.WARM_POOL_STATES, policies::warmPoolPods);
    operator.register(policies, c -> namespaces(c, options));
  }

  private static void namespaces(
      io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<?> c,
      OperatorOptions options) {
    if (options.namespaces().isEmpty()) {
      c.watchingAllNamespaces();
    } else {
      c.settingNamespaces(options.namespaces());
    }
  }

  public OperatorRuntime start() {
    operator.start();
    return this;
  }

  public Operator operator() {
    return operator;
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  public EgressMode egressMode() {
    return mode;
  }

  @Override
  public void close() {
    operator.stop();
    events.close();
    metrics.close();
  }
}
