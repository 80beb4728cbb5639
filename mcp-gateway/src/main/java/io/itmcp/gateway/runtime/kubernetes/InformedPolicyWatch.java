package io.itmcp.gateway.runtime.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fabric8 informer (list, then watch) on the ItmcpPolicies of one namespace, the way the API
 * server's own RBAC authorizer and admission plugins read their rules. It is started and left to
 * sync in the background: until it has, lookups read live. If it cannot run (the gateway may not
 * list or watch), it says so once and stops; lookups then read live for good.
 */
final class InformedPolicyWatch implements PolicyWatch {

  private static final Logger LOG = LoggerFactory.getLogger(InformedPolicyWatch.class);

  private final SharedIndexInformer<ItmcpPolicy> informer;
  private final String namespace;

  private InformedPolicyWatch(SharedIndexInformer<ItmcpPolicy> informer, String namespace) {
    this.informer = informer;
    this.namespace = namespace;
  }

  /** Starts the informer without waiting for its first list. */
  static InformedPolicyWatch start(KubernetesClient client, String namespace) {
    return start(client, namespace, LOG::warn);
  }

  /** As above, {@code warnings} told why the watch stopped for good, if it does. */
  static InformedPolicyWatch start(
      KubernetesClient client, String namespace, Consumer<String> warnings) {
    SharedIndexInformer<ItmcpPolicy> informer =
        client.resources(ItmcpPolicy.class).inNamespace(namespace).runnableInformer(0);
    informer.exceptionHandler((started, failure) -> PolicyStoreCurrency.retryAfter(failure));
    InformedPolicyWatch watch = new InformedPolicyWatch(informer, namespace);
    informer
        .stopped()
        .whenComplete(
            (done, failure) -> {
              if (failure != null) {
                warnings.accept(
                    PolicyStoreCurrency.stoppedWarning(namespace, informer.hasSynced(), failure));
              }
            });
    informer.start();
    return watch;
  }

  @Override
  public PolicyStoreCurrency.WatchState state() {
    return new PolicyStoreCurrency.WatchState(informer.hasSynced(), informer.isWatching());
  }

  @Override
  public ItmcpPolicy stored(String name) {
    return informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
  }

  /** Whether the informer still runs (lists, watches or retries). */
  boolean running() {
    return informer.isRunning();
  }

  @Override
  public void close() {
    informer.close();
  }
}
