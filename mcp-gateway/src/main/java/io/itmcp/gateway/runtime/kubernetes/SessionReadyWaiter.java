package io.itmcp.gateway.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.gateway.runtime.SandboxStartException;
import io.itmcp.gateway.runtime.StartFailure;
import io.itmcp.gateway.runtime.kubernetes.SessionReadiness.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Waits until an ItmcpSession is Ready. The session is watched (an informer on that one object), so
 * Ready and Failed are seen at once; every {@code statusCheckInterval} the pod is read too, for
 * what the operator may not have copied into the session yet: a permanent image error fails at
 * once; an unschedulable pod or a failing pull waits until the timeout, which then names that
 * cause. The deadline is measured on {@code nanoTime} (System::nanoTime in production), so that a
 * test can pass it without waiting it out.
 */
final class SessionReadyWaiter {

  private final KubernetesClient client;
  private final String namespace;
  private final Duration checkInterval;
  private final LongSupplier nanoTime;

  SessionReadyWaiter(
      KubernetesClient client, String namespace, Duration checkInterval, LongSupplier nanoTime) {
    this.client = client;
    this.namespace = namespace;
    this.checkInterval = checkInterval;
    this.nanoTime = nanoTime;
  }

  /**
   * The pod name once Ready; throws {@link SandboxStartException} on failure or at the deadline.
   */
  String awaitReady(String sessionName, String policyName, Duration timeout)
      throws InterruptedException {
    long deadline = nanoTime.getAsLong() + timeout.toNanos();
    AtomicReference<ItmcpSession> latest = new AtomicReference<>();
    CompletableFuture<List<ItmcpSession>> settled =
        client
            .resources(ItmcpSession.class)
            .inNamespace(namespace)
            .withName(sessionName)
            .informOnCondition(
                items -> {
                  if (items.isEmpty()) {
                    return latest.get() != null;
                  }
                  latest.set(items.get(0));
                  return SessionReadiness.evaluate(items.get(0), null).state()
                      != Verdict.State.PENDING;
                });
    String lastDetail = "the operator has not reported on the session yet";
    StartFailure ifTimedOut = StartFailure.TIMEOUT;
    try {
      while (true) {
        long remaining = deadline - nanoTime.getAsLong();
        if (remaining <= 0) {
          throw failure(
              ifTimedOut,
              sessionName,
              policyName,
              "no Ready after " + timeout.toSeconds() + "s; last status: " + lastDetail);
        }
        ItmcpSession session;
        try {
          List<ItmcpSession> items =
              settled.get(Math.min(remaining, checkInterval.toNanos()), TimeUnit.NANOSECONDS);
          session = items.isEmpty() ? null : items.get(0);
        } catch (TimeoutException notYet) {
          session = latest.get() != null ? latest.get() : read(sessionName);
        } catch (ExecutionException e) {
          // The watch itself failed (often RBAC: list/watch on itmcpsessions); say so instead of
          // polling blind.
          if (e.getCause() instanceof KubernetesClientException clientError) {
            throw clientError;
          }
          throw new KubernetesClientException(
              "watching ItmcpSession " + sessionName + " failed: " + e.getCause(), e.getCause());
        }
        Verdict verdict = evaluate(sessionName, session);
        switch (verdict.state()) {
          case READY:
            return verdict.podName();
          case FAILED:
            throw failure(verdict.failure(), sessionName, policyName, verdict.detail());
          default:
            lastDetail = verdict.detail();
            ifTimedOut = verdict.failure() != null ? verdict.failure() : StartFailure.TIMEOUT;
        }
      }
    } finally {
      settled.cancel(true);
    }
  }

  /**
   * The pod name when the session as just read is already Ready: the caller's sandbox is running
   * and no watch is needed. Empty when it is not Ready yet or has ended; {@link #awaitReady} then
   * decides.
   */
  Optional<String> readyNow(ItmcpSession session) {
    if (session == null) {
      return Optional.empty();
    }
    Verdict verdict = SessionReadiness.evaluate(session, null);
    return verdict.state() == Verdict.State.READY
        ? Optional.ofNullable(verdict.podName())
        : Optional.empty();
  }

  /**
   * The session's verdict; its pod is read only when the session alone leaves it pending (Ready,
   * Failed and the ended phases are the operator's word, which the pod cannot change).
   */
  private Verdict evaluate(String sessionName, ItmcpSession session) {
    Verdict fromSession = SessionReadiness.evaluate(session, null);
    return fromSession.state() != Verdict.State.PENDING
        ? fromSession
        : SessionReadiness.evaluate(session, findPod(sessionName, session));
  }

  private ItmcpSession read(String sessionName) {
    return client.resources(ItmcpSession.class).inNamespace(namespace).withName(sessionName).get();
  }

  private Pod findPod(String sessionName, ItmcpSession session) {
    try {
      String podName =
          session == null || session.getStatus() == null ? null : session.getStatus().getPodName();
      if (podName != null && !podName.isBlank()) {
        return client.pods().inNamespace(namespace).withName(podName).get();
      }
      List<Pod> pods =
          client
              .pods()
              .inNamespace(namespace)
              .withLabel(SessionContract.SESSION_LABEL, sessionName)
              .list()
              .getItems();
      return pods.isEmpty() ? null : pods.get(0);
    } catch (KubernetesClientException e) {
      // Reading the pod is a diagnosis aid only; the session watch still decides.
      return null;
    }
  }

  static SandboxStartException failure(
      StartFailure failure, String sessionName, String policyName, String detail) {
    return new SandboxStartException(
        failure,
        "The sandbox of this MCP session did not start: "
            + failure.summary()
            + " (ItmcpSession "
            + sessionName
            + ", policy "
            + policyName
            + "): "
            + detail
            + ". "
            + advice(failure, policyName));
  }

  private static String advice(StartFailure failure, String policyName) {
    return switch (failure) {
      case QUOTA_EXCEEDED ->
          "Each MCP client (by name) you use under policy "
              + policyName
              + " holds one sandbox until it"
              + " has been idle for the policy's sandbox.idleTimeoutSeconds: use fewer clients, wait for one to idle out, or ask"
              + " the platform team to raise limits.maxSessions / limits.maxSessionsPerUser of policy "
              + policyName
              + ".";
      case IMAGE_PULL ->
          "Ask the platform team to check spec.sandbox.image of policy "
              + policyName
              + " and the cluster's access to that registry.";
      case UNSCHEDULABLE ->
          "Ask the platform team to check the cluster's capacity and the resources, node selector"
              + " and tolerations in spec.sandbox of policy "
              + policyName
              + ".";
      case VOLUME_MOUNT ->
          "Ask the platform team to check the ssh Secret (spec.ssh.secretRef) and the mounts (spec.sandbox.mounts) of"
              + " policy "
              + policyName
              + " in the sandbox namespace: the kubelet keeps retrying until they exist and can attach.";
      case TIMEOUT ->
          "Try again; if it keeps happening, ask the platform team to check the itmcp operator"
              + " (kubectl describe itmcpsession).";
      case DELETED -> "Try the call again: it starts a fresh sandbox.";
      case FAILED ->
          "Try the call again (it starts a fresh sandbox); if it keeps failing, kubectl describe itmcpsession"
              + " shows the operator's events.";
    };
  }
}
