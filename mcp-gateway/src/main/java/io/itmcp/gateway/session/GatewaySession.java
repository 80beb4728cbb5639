package io.itmcp.gateway.session;

import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.policy.EffectivePolicy;
import java.util.concurrent.atomic.AtomicInteger;

/** One MCP session: who owns it, its call budget, and its sandbox (opened at the first tool call). */
public final class GatewaySession {

  private final String id;
  private final Identity identity;
  private final String policyName;
  private volatile EffectivePolicy lastPolicy;
  private volatile String clientName;
  private volatile String clientVersion;
  private final long createdNanos;
  private final CallRateLimiter rateLimiter;
  private final AtomicInteger callsRunning = new AtomicInteger();
  private volatile long lastActivityNanos;
  // volatile: hasSandbox() is read by metrics scrapes without waiting for a sandbox being opened
  private volatile Sandbox sandbox;
  private boolean closed;

  GatewaySession(String id, Identity identity, EffectivePolicy policy, long nowNanos, int callsPerMinute) {
    this.id = id;
    this.identity = identity;
    this.policyName = policy.name();
    this.lastPolicy = policy;
    this.createdNanos = nowNanos;
    this.lastActivityNanos = nowNanos;
    this.rateLimiter = new CallRateLimiter(callsPerMinute);
  }

  public String id() {
    return id;
  }

  public Identity identity() {
    return identity;
  }

  /** The policy this session was opened under; it keeps it for its whole life. */
  public String policyName() {
    return policyName;
  }

  /** The policy as last read for this session (the reaper uses its limits without a read). */
  public EffectivePolicy lastPolicy() {
    return lastPolicy;
  }

  void policyRead(EffectivePolicy policy) {
    lastPolicy = policy;
  }

  /** What the client said about itself in initialize (either may be null). */
  public void clientInfo(String name, String version) {
    if (clientName == null && clientVersion == null) {
      clientName = name;
      clientVersion = version;
    }
  }

  public CallRateLimiter rateLimiter() {
    return rateLimiter;
  }

  long createdNanos() {
    return createdNanos;
  }

  long lastActivityNanos() {
    return lastActivityNanos;
  }

  public void touch(long nowNanos) {
    lastActivityNanos = nowNanos;
  }

  public void callStarted(long nowNanos) {
    callsRunning.incrementAndGet();
    touch(nowNanos);
  }

  public void callEnded(long nowNanos) {
    callsRunning.decrementAndGet();
    touch(nowNanos);
  }

  boolean busy() {
    return callsRunning.get() > 0;
  }

  /** The session's sandbox, opened on first use. */
  public synchronized Sandbox sandbox(SandboxRuntime runtime, EffectivePolicy policy) throws InterruptedException {
    if (closed) {
      throw new SessionRefusedException("session " + id + " has ended; start a new MCP session");
    }
    if (sandbox == null) {
      sandbox = runtime.open(id, identity, policy, clientName, clientVersion);
    }
    return sandbox;
  }

  /** Whether the session's sandbox is open (read without the session's lock). */
  public boolean hasSandbox() {
    return sandbox != null;
  }

  /** Ends the session and its sandbox; running commands are killed. */
  public void close() {
    Sandbox toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = sandbox;
      sandbox = null;
    }
    if (toClose != null) {
      toClose.close();
    }
  }

  public synchronized boolean isClosed() {
    return closed;
  }
}
