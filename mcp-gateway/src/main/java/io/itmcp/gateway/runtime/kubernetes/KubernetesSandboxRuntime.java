package io.itmcp.gateway.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.gateway.runtime.SandboxStartException;
import io.itmcp.gateway.runtime.StartFailure;
import io.itmcp.policy.EffectivePolicy;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster runtime: each MCP session becomes one ItmcpSession in the sandbox namespace; the
 * operator turns it into a locked-down pod; commands run there by pod exec.
 */
public final class KubernetesSandboxRuntime implements SandboxRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesSandboxRuntime.class);

  private final KubernetesClient client;
  private final KubernetesRuntimeSettings settings;
  private final ActivityReporter activity;
  private final ScheduledExecutorService ownScheduler;
  private final SessionReadyWaiter waiter;
  private final Set<KubernetesSandbox> open = ConcurrentHashMap.newKeySet();

  /** Production wiring: activity is flushed every second by a daemon thread of this runtime. */
  public KubernetesSandboxRuntime(KubernetesClient client, KubernetesRuntimeSettings settings) {
    this(client, settings, new ActivityReporter(client, settings.namespace(), Clock.systemUTC()), newScheduler());
  }

  /** For tests and custom wiring: the caller drives {@link ActivityReporter#flushDue()} itself. */
  public KubernetesSandboxRuntime(KubernetesClient client, KubernetesRuntimeSettings settings, ActivityReporter activity) {
    this(client, settings, activity, null);
  }

  private KubernetesSandboxRuntime(KubernetesClient client, KubernetesRuntimeSettings settings, ActivityReporter activity,
      ScheduledExecutorService scheduler) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.activity = activity;
    this.ownScheduler = scheduler;
    this.waiter = new SessionReadyWaiter(client, settings.namespace(), settings.statusCheckInterval());
    if (scheduler != null) {
      activity.start(scheduler);
    }
  }

  private static ScheduledExecutorService newScheduler() {
    return Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "itmcp-activity-reporter");
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  public ActivityReporter activity() {
    return activity;
  }

  @Override
  public KubernetesSandbox open(String sessionId, Identity identity, EffectivePolicy policy) throws InterruptedException {
    return open(new SessionRequest(sessionId, identity, policy, null, null));
  }

  /**
   * Creates the ItmcpSession and waits (at most {@code readyTimeout}) until it is Ready. On any
   * failure the ItmcpSession is deleted again and {@link SandboxStartException} says which
   * failure it was; interrupting the caller deletes it too and throws InterruptedException.
   */
  public KubernetesSandbox open(SessionRequest request) throws InterruptedException {
    ItmcpSession manifest = SessionManifest.of(request, settings.namespace());
    String name = manifest.getMetadata().getName();
    String policyName = request.policy().name();
    create(manifest, request);
    boolean ready = false;
    try {
      String podName;
      try {
        podName = waiter.awaitReady(name, policyName, settings.readyTimeout());
      } catch (KubernetesClientException e) {
        throw new SandboxStartException(StartFailure.FAILED, "The sandbox of this MCP session could not be followed: reading ItmcpSession "
            + name + " or its pod failed (" + KubernetesSandbox.describe(e) + "); the gateway needs get, list and watch on"
            + " itmcpsessions and pods in namespace " + settings.namespace() + ".");
      }
      Duration idle = request.policy().limits() == null ? null : request.policy().limits().idleTimeout();
      activity.register(name, idle);
      KubernetesSandbox sandbox = new KubernetesSandbox(client, settings, name, podName, activity, closedName -> forgetClosed(closedName));
      open.add(sandbox);
      ready = true;
      LOG.info("session {} of {} ready in pod {} (policy {})", name, request.identity().user(), podName, policyName);
      return sandbox;
    } finally {
      if (!ready) {
        deleteQuietly(name);
      }
    }
  }

  private void create(ItmcpSession manifest, SessionRequest request) {
    String name = manifest.getMetadata().getName();
    try {
      client.resource(manifest).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT && sameOwner(name, request)) {
        return; // a retried open of the same MCP session by the same user: adopt it
      }
      String hint = switch (e.getCode()) {
        case HttpURLConnection.HTTP_CONFLICT -> "an ItmcpSession of that name already exists for another user";
        case HttpURLConnection.HTTP_FORBIDDEN -> "the gateway lacks 'create itmcpsessions' in namespace " + settings.namespace();
        case HttpURLConnection.HTTP_NOT_FOUND -> "is the ItmcpSession CRD installed and the namespace " + settings.namespace() + " present?";
        case 422 -> "the API server refused the session: " + KubernetesSandbox.describe(e);
        default -> KubernetesSandbox.describe(e);
      };
      throw new SandboxStartException(StartFailure.FAILED, "The sandbox of this MCP session could not be requested: "
          + "creating ItmcpSession " + name + " failed (" + hint + ").");
    }
  }

  private boolean sameOwner(String name, SessionRequest request) {
    ItmcpSession existing = client.resources(ItmcpSession.class).inNamespace(settings.namespace()).withName(name).get();
    return existing != null && existing.getSpec() != null && existing.getSpec().getUser() != null
        && request.identity().user().equals(existing.getSpec().getUser().getName())
        && existing.getSpec().getPolicyRef() != null
        && request.policy().name().equals(existing.getSpec().getPolicyRef().getName());
  }

  private void deleteQuietly(String name) {
    try {
      client.resources(ItmcpSession.class).inNamespace(settings.namespace()).withName(name)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    } catch (KubernetesClientException e) {
      LOG.warn("could not delete ItmcpSession {} after a failed start (its TTL will end it): {}", name, KubernetesSandbox.describe(e));
    }
  }

  private void forgetClosed(String sessionName) {
    open.removeIf(sandbox -> sandbox.sessionName().equals(sessionName));
  }

  /** Closes (and so deletes) every session still open, then stops activity reporting. */
  @Override
  public void close() {
    for (KubernetesSandbox sandbox : Set.copyOf(open)) {
      sandbox.close();
    }
    activity.flushDue();
    activity.close();
    if (ownScheduler != null) {
      ownScheduler.shutdownNow();
    }
  }
}
