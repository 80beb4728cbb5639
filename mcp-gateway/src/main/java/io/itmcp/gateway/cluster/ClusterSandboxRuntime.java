package io.itmcp.gateway.cluster;

import io.itmcp.gateway.audit.kubernetes.KubernetesAuditEventSink;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.gateway.runtime.kubernetes.KubernetesSandbox;
import io.itmcp.gateway.runtime.kubernetes.KubernetesSandboxRuntime;
import io.itmcp.gateway.runtime.kubernetes.SessionRequest;
import io.itmcp.policy.EffectivePolicy;

/**
 * The Kubernetes runtime as the session registry uses it: the ItmcpSession records the client of
 * the MCP initialize request, and when a session's sandbox closes (client DELETE, idle or TTL
 * expiry, shutdown) its ItmcpSession is deleted and the audit Events it still owes are written.
 */
public final class ClusterSandboxRuntime implements SandboxRuntime {

  private final KubernetesSandboxRuntime kubernetes;
  private final KubernetesAuditEventSink events;

  public ClusterSandboxRuntime(KubernetesSandboxRuntime kubernetes, KubernetesAuditEventSink events) {
    this.kubernetes = kubernetes;
    this.events = events;
  }

  @Override
  public String name() {
    return kubernetes.name();
  }

  @Override
  public Sandbox open(String sessionId, Identity identity, EffectivePolicy policy) throws InterruptedException {
    return open(sessionId, identity, policy, null, null);
  }

  @Override
  public Sandbox open(String sessionId, Identity identity, EffectivePolicy policy, String clientName,
      String clientVersion) throws InterruptedException {
    KubernetesSandbox sandbox = kubernetes.open(new SessionRequest(sessionId, identity, policy, clientName, clientVersion));
    return new Sandbox() {
      @Override
      public ExecResult exec(ExecRequest request, ProgressListener progress) throws InterruptedException {
        return sandbox.exec(request, progress);
      }

      @Override
      public void close() {
        // the Events first: they need the ItmcpSession to exist to be attached to it
        events.sessionEnded(sandbox.sessionName());
        sandbox.close();
      }
    };
  }

  @Override
  public void close() {
    kubernetes.close();
  }
}
