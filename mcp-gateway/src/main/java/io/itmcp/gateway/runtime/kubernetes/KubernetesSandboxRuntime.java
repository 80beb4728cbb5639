package io.itmcp.gateway.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.gateway.runtime.SandboxOwner;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.gateway.runtime.SandboxStartException;
import io.itmcp.gateway.runtime.StartFailure;
import io.itmcp.policy.EffectivePolicy;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster runtime: each caller (user, policy, client name) has one ItmcpSession in the sandbox
 * namespace, found or created by whichever gateway replica serves it; the operator turns it into a
 * locked-down pod and ends it on its idle timeout or TTL; commands run there by pod exec.
 */
public final class KubernetesSandboxRuntime implements SandboxRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesSandboxRuntime.class);

  private final KubernetesClient client;
  private final KubernetesRuntimeSettings settings;
  private final ActivityReporter activity;
  private final ScheduledExecutorService ownScheduler;
  private final SessionReadyWaiter waiter;
  private static final int MAX_FIND_OR_CREATE_ATTEMPTS = 5;

  /** Production wiring: activity is flushed every second by a daemon thread of this runtime. */
  public KubernetesSandboxRuntime(KubernetesClient client, KubernetesRuntimeSettings settings) {
    this(
        client,
        settings,
        new ActivityReporter(client, settings.namespace(), Clock.systemUTC()),
        newScheduler(),
        System::nanoTime);
  }

  /** For tests and custom wiring: the caller drives {@link ActivityReporter#flushDue()} itself. */
  public KubernetesSandboxRuntime(
      KubernetesClient client, KubernetesRuntimeSettings settings, ActivityReporter activity) {
    this(client, settings, activity, System::nanoTime);
  }

  /** For tests: the ready timeout is measured on {@code readyNanoTime}. */
  KubernetesSandboxRuntime(
      KubernetesClient client,
      KubernetesRuntimeSettings settings,
      ActivityReporter activity,
      LongSupplier readyNanoTime) {
    this(client, settings, activity, null, readyNanoTime);
  }

  private KubernetesSandboxRuntime(
      KubernetesClient client,
      KubernetesRuntimeSettings settings,
      ActivityReporter activity,
      ScheduledExecutorService scheduler,
      LongSupplier readyNanoTime) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.activity = activity;
    this.ownScheduler = scheduler;
    this.waiter =
        new SessionReadyWaiter(
            client, settings.namespace(), settings.statusCheckInterval(), readyNanoTime);
    if (scheduler != null) {
      activity.start(scheduler);
    }
  }

  private static ScheduledExecutorService newScheduler() {
    return Executors.newSingleThreadScheduledExecutor(
        runnable -> {
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
  public String sandboxName(SandboxOwner owner, EffectivePolicy policy) {
    return new SessionRequest(owner, policy).sessionName();
  }

  @Override
  public KubernetesSandbox open(SandboxOwner owner, EffectivePolicy policy)
      throws InterruptedException {
    return open(new SessionRequest(owner, policy));
  }

  /**
   * Finds the owner's ItmcpSession or creates it (replacing an ended one waits at most {@code
   * readyTimeout} for it to go), and waits (at most {@code readyTimeout}) until it is Ready. The
   * name is the same on every replica ({@link SessionRequest#sessionName}): a create that loses a
   * race (409) reads the winner; a session that has ended (being deleted, Failed, Expired) is
   * removed and replaced. A session that fails to start is deleted, so that the next call starts
   * afresh, and {@link SandboxStartException} says which failure it was; interrupting the caller
   * throws InterruptedException and leaves the session to other calls (its idle timeout ends it if
   * none comes).
   */
  public KubernetesSandbox open(SessionRequest request) throws InterruptedException {
    ItmcpSession manifest = SessionManifest.of(request, settings.namespace());
    String name = manifest.getMetadata().getName();
    String policyName = request.policy().name();
    long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
    ItmcpSession found = findOrCreate(manifest, request, deadline);
    String podName;
    try {
      // a second client of the caller finds the sandbox running: no watch to wait on
      Optional<String> ready = waiter.readyNow(found);
      podName =
          ready.isPresent()
              ? ready.get()
              : waiter.awaitReady(name, policyName, settings.readyTimeout());
    } catch (KubernetesClientException e) {
      if (cancelled(e)) {
        // fabric8 wraps the interrupt of a read in progress; a cancelled call leaves the session to
        // the others
        throw new InterruptedException("cancelled while waiting for sandbox " + name);
      }
      deleteQuietly(name);
      throw new SandboxStartException(
          StartFailure.FAILED,
          "The sandbox could not be followed: reading ItmcpSession "
              + name
              + " or its pod failed ("
              + KubernetesSandbox.describe(e)
              + "); the gateway needs get, list and watch on"
              + " itmcpsessions and pods in namespace "
              + settings.namespace()
              + ".");
    } catch (SandboxStartException e) {
      deleteQuietly(name);
      throw e;
    }
    Duration idle =
        request.policy().limits() == null ? null : request.policy().limits().idleTimeout();
    activity.register(name, idle);
    LOG.info(
        "sandbox {} of {} (client '{}', policy {}) ready in pod {}",
        name,
        request.identity().user(),
        request.clientName(),
        policyName,
        podName);
    return new KubernetesSandbox(client, settings, name, podName, activity);
  }

  /**
   * Leaves a live ItmcpSession of the owner in place: found, created, or created by a racing
   * replica. Returns the live session as read when it was found, null when it was created here.
   */
  private ItmcpSession findOrCreate(ItmcpSession manifest, SessionRequest request, long deadline)
      throws InterruptedException {
    String name = manifest.getMetadata().getName();
    for (int attempt = 0; attempt < MAX_FIND_OR_CREATE_ATTEMPTS; attempt++) {
      ItmcpSession existing = read(name);
      if (existing == null) {
        if (create(manifest)) {
          return null;
        }
        continue; // another replica created it first: read the winner
      }
      checkOwner(existing, request);
      if (!hasEnded(existing)) {
        return existing;
      }
      if (existing.getMetadata().getDeletionTimestamp() == null) {
        LOG.info(
            "ItmcpSession {} has ended ({}); replacing it", name, existing.getStatus().getPhase());
        deleteQuietly(name);
      }
      awaitGone(name, deadline);
    }
    throw new SandboxStartException(
        StartFailure.FAILED,
        "The sandbox could not be requested: ItmcpSession "
            + name
            + " kept changing while "
            + MAX_FIND_OR_CREATE_ATTEMPTS
            + " attempts tried to find or create it; try again.");
  }

  /** True when created; false when another creator won the race (409). */
  private boolean create(ItmcpSession manifest) throws InterruptedException {
    String name = manifest.getMetadata().getName();
    try {
      client.resource(manifest).create();
      return true;
    } catch (KubernetesClientException e) {
      throwIfCancelled(e, name);
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      String hint =
          switch (e.getCode()) {
            case HttpURLConnection.HTTP_FORBIDDEN ->
                "the gateway lacks 'create itmcpsessions' in namespace " + settings.namespace();
            case HttpURLConnection.HTTP_NOT_FOUND ->
                "is the ItmcpSession CRD installed and the namespace "
                    + settings.namespace()
                    + " present?";
            case 422 -> "the API server refused the session: " + KubernetesSandbox.describe(e);
            default -> KubernetesSandbox.describe(e);
          };
      throw new SandboxStartException(
          StartFailure.FAILED,
          "The sandbox could not be requested: "
              + "creating ItmcpSession "
              + name
              + " failed ("
              + hint
              + ").");
    }
  }

  private ItmcpSession read(String name) throws InterruptedException {
    try {
      return client
          .resources(ItmcpSession.class)
          .inNamespace(settings.namespace())
          .withName(name)
          .get();
    } catch (KubernetesClientException e) {
      throwIfCancelled(e, name);
      String hint =
          e.getCode() == HttpURLConnection.HTTP_FORBIDDEN
              ? "the gateway lacks 'get itmcpsessions' in namespace " + settings.namespace()
              : e.getCode() == HttpURLConnection.HTTP_NOT_FOUND
                  ? "is the ItmcpSession CRD installed and the namespace "
                      + settings.namespace()
                      + " present?"
                  : KubernetesSandbox.describe(e);
      throw new SandboxStartException(
          StartFailure.FAILED,
          "The sandbox could not be requested: reading ItmcpSession "
              + name
              + " failed ("
              + hint
              + ").");
    }
  }

  /**
   * The name is a hash of the owner; a session of that name for anyone else is refused, never
   * shared.
   */
  private static void checkOwner(ItmcpSession existing, SessionRequest request) {
    var spec = existing.getSpec();
    String client =
        spec == null || spec.getClient() == null || spec.getClient().getName() == null
            ? ""
            : spec.getClient().getName();
    boolean same =
        spec != null
            && spec.getUser() != null
            && request.identity().user().equals(spec.getUser().getName())
            && spec.getPolicyRef() != null
            && request.policy().name().equals(spec.getPolicyRef().getName())
            // under PerMcpSession the session id names it; a retried open may not repeat the client
            && (request.owner().perMcpSession() || request.clientName().equals(client));
    if (!same) {
      throw new SandboxStartException(
          StartFailure.FAILED,
          "The sandbox could not be requested: an ItmcpSession named "
              + existing.getMetadata().getName()
              + " already exists for another user, policy or client; it is not shared.");
    }
  }

  private static boolean hasEnded(ItmcpSession session) {
    if (session.getMetadata().getDeletionTimestamp() != null) {
      return true;
    }
    SessionPhase phase = session.getStatus() == null ? null : session.getStatus().getPhase();
    return phase == SessionPhase.Failed
        || phase == SessionPhase.Expired
        || phase == SessionPhase.Terminating;
  }

  /** Waits until a deleted session is gone (the operator's finalizer removes its pod first). */
  private void awaitGone(String name, long deadline) throws InterruptedException {
    CompletableFuture<List<ItmcpSession>> gone =
        client
            .resources(ItmcpSession.class)
            .inNamespace(settings.namespace())
            .withName(name)
            .informOnCondition(List::isEmpty);
    try {
      gone.get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new SandboxStartException(
          StartFailure.TIMEOUT,
          "The sandbox did not start: the ended ItmcpSession "
              + name
              + " was still being deleted after "
              + settings.readyTimeout().toSeconds()
              + "s. Try again; if it keeps"
              + " happening, ask the platform team to check the itmcp operator (kubectl describe itmcpsession "
              + name
              + ").");
    } catch (ExecutionException e) {
      throw new SandboxStartException(
          StartFailure.FAILED,
          "The sandbox could not be requested: watching ItmcpSession "
              + name
              + " failed ("
              + KubernetesSandbox.describe(e.getCause())
              + ").");
    } finally {
      gone.cancel(true);
    }
  }

  /**
   * fabric8 turns the interrupt of a request in flight into a KubernetesClientException: the caller
   * was cancelled, the API server did not fail, and the session is left to the caller's other
   * calls.
   */
  private static void throwIfCancelled(KubernetesClientException e, String name)
      throws InterruptedException {
    if (cancelled(e)) {
      InterruptedException cancelled =
          new InterruptedException("cancelled while requesting sandbox " + name);
      cancelled.initCause(e);
      throw cancelled;
    }
  }

  private static boolean cancelled(Throwable e) {
    if (Thread.interrupted()) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private void deleteQuietly(String name) {
    try {
      client
          .resources(ItmcpSession.class)
          .inNamespace(settings.namespace())
          .withName(name)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not delete ItmcpSession {} (its TTL will end it): {}",
          name,
          KubernetesSandbox.describe(e));
    }
  }

  /**
   * Reports the activity still due and stops reporting. Sessions are left alone: callers' sandboxes
   * outlive this replica (the others use them), and their idle timeout ends the rest.
   */
  @Override
  public void close() {
    activity.flushDue();
    activity.close();
    if (ownScheduler != null) {
      ownScheduler.shutdownNow();
    }
  }
}
