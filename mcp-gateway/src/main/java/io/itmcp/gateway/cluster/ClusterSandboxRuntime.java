package io.itmcp.gateway.cluster;

import io.itmcp.gateway.audit.kubernetes.KubernetesAuditEventSink;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.SandboxOwner;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.gateway.runtime.kubernetes.KubernetesSandbox;
import io.itmcp.gateway.runtime.kubernetes.KubernetesSandboxRuntime;
import io.itmcp.gateway.runtime.kubernetes.SessionRequest;
import io.itmcp.policy.EffectivePolicy;

/**
 * The Kubernetes runtime as the gateway uses it: when this replica lets go of a sandbox (idle here,
 * shutdown) or ends one ({@code PerMcpSession} at its session's end) the audit Events it still owes
 * on the ItmcpSession are written first.
 */
public final class ClusterSandboxRuntime implements SandboxRuntime {

  private final KubernetesSandboxRuntime kubernetes;
  private final KubernetesAuditEventSink events;

  public ClusterSandboxRuntime(
      KubernetesSandboxRuntime kubernetes, KubernetesAuditEventSink events) {
    this.kubernetes = kubernetes;
    this.events = events;
  }

  @Override
  public String name() {
    return kubernetes.name();
  }

  @Override
  public String sandboxName(SandboxOwner owner, EffectivePolicy policy) {
    return kubernetes.sandboxName(owner, policy);
  }

  @Override
  public Sandbox open(SandboxOwner owner, EffectivePolicy policy) throws InterruptedException {
    KubernetesSandbox sandbox = kubernetes.open(new SessionRequest(owner, policy));
    return new Sandbox() {
      @Override
      public ExecResult exec(ExecRequest request, ProgressListener progress)
          throws InterruptedException {
        return sandbox.exec(request, progress);
      }

      @Override
      public boolean ended() {
        return sandbox.ended();
      }

      @Override
      public void detach() {
        // the Events this replica still owes on the session first: they need it to exist
        events.sessionEnded(sandbox.sessionName());
        sandbox.detach();
      }

      @Override
      public void close() {
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
