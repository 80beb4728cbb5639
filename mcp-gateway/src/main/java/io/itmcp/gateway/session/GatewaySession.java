package io.itmcp.gateway.session;

import io.itmcp.gateway.auth.Identity;
import io.itmcp.policy.EffectivePolicy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One legacy MCP session (opened with {@code initialize}) on this replica: who owns it, under which
 * policy, with which client. Its calls run in its caller's sandbox ({@link CallerSandboxes}), which
 * outlives it.
 */
public final class GatewaySession {

  private final String id;
  private final Identity identity;
  private final String policyName;
  private volatile EffectivePolicy lastPolicy;
  private volatile String clientName;
  private volatile String clientVersion;
  private final long createdNanos;
  private final AtomicInteger callsRunning = new AtomicInteger();
  private volatile long lastActivityNanos;
  private volatile boolean closed;

  GatewaySession(String id, Identity identity, EffectivePolicy policy, long nowNanos) {
    this.id = id;
    this.identity = identity;
    this.policyName = policy.name();
    this.lastPolicy = policy;
    this.createdNanos = nowNanos;
    this.lastActivityNanos = nowNanos;
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

  /** What the client said about itself in initialize (either may be null); the first word holds. */
  public synchronized void clientInfo(String name, String version) {
    if (clientName == null && clientVersion == null) {
      clientName = name;
      clientVersion = version;
    }
  }

  public String clientName() {
    return clientName;
  }

  public String clientVersion() {
    return clientVersion;
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

  void close() {
    closed = true;
  }

  public boolean isClosed() {
    return closed;
  }
}
