package io.itmcp.gateway.session;

import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy MCP sessions of this gateway replica, and what a call needs beside them: the
 * sandboxes ({@link CallerSandboxes}, by caller, not by session) and the call budgets
 * ({@link CallRateLimits}, by user and policy). Sessions are bounded by {@link LegacySessionBounds}
 * (the least recently used is forgotten, never a new one refused) and end past their policy's idle
 * timeout or TTL; ending a session ends no sandbox unless its policy shares sandboxes
 * {@code PerMcpSession}. {@code limits.maxSessions} and {@code limits.maxSessionsPerUser} count
 * sandboxes and are the runtime's to enforce (the operator's quota in the cluster).
 */
public final class SessionRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

  private final SandboxRuntime runtime;
  private final EffectivePolicy policy;
  private final SessionPolicies policies;
  private final LongSupplier nanoClock;
  private final LegacySessionBounds bounds;
  private final CallerSandboxes sandboxes;
  private final CallRateLimits rateLimits = new CallRateLimits();
  private final Map<String, GatewaySession> live = new HashMap<>();
  private SessionReaper reaper;

  public SessionRegistry(SandboxRuntime runtime, EffectivePolicy policy) {
    this(runtime, policy, System::nanoTime);
  }

  public SessionRegistry(SandboxRuntime runtime, EffectivePolicy policy, LongSupplier nanoClock) {
    this(runtime, policy, SessionPolicies.fixed(policy), nanoClock);
  }

  /**
   * Sessions whose policy is read live from {@code policies} (cluster runtime).
   *
   * @param startPolicy what {@link #policy()} answers: the policy tool descriptions and transport
   *     defaults are made from at start
   */
  public SessionRegistry(SandboxRuntime runtime, EffectivePolicy startPolicy, SessionPolicies policies,
      LongSupplier nanoClock) {
    this(runtime, startPolicy, policies, nanoClock, LegacySessionBounds.defaults());
  }

  public SessionRegistry(SandboxRuntime runtime, EffectivePolicy startPolicy, SessionPolicies policies,
      LongSupplier nanoClock, LegacySessionBounds bounds) {
    this.runtime = runtime;
    this.policy = startPolicy;
    this.policies = policies;
    this.nanoClock = nanoClock;
    this.bounds = bounds;
    this.sandboxes = new CallerSandboxes(runtime, nanoClock);
  }

  public SessionPolicies policies() {
    return policies;
  }

  /** Where every call gets its sandbox. */
  public CallerSandboxes sandboxes() {
    return sandboxes;
  }

  /** Calls per minute, per user and policy. */
  public CallRateLimits rateLimits() {
    return rateLimits;
  }

  public LegacySessionBounds bounds() {
    return bounds;
  }

  /**
   * The policy of the session as it is now (read live in the cluster runtime), remembered on the
   * session for expiry. Throws with a message that says why it cannot be used.
   */
  public EffectivePolicy currentPolicy(GatewaySession session) {
    return currentPolicy(session, null);
  }

  /**
   * As {@link #currentPolicy(GatewaySession)}, using the read the request already made when it
   * is of the session's policy (one API read per request).
   */
  public EffectivePolicy currentPolicy(GatewaySession session, Supplier<EffectivePolicy> readForRequest) {
    EffectivePolicy current = readForRequest == null ? null : readForRequest.get();
    if (current == null || !current.name().equals(session.policyName())) {
      current = policies.current(session.policyName());
    }
    session.policyRead(current);
    return current;
  }

  public SandboxRuntime runtime() {
    return runtime;
  }

  /** The policy the gateway started with. */
  public EffectivePolicy policy() {
    return policy;
  }

  /**
   * The default policy as it is now: the reloaded policy file of a local gateway, the start
   * policy where it never changes. Throws when it cannot be read (see {@link SessionPolicies#current}).
   */
  public EffectivePolicy livePolicy() {
    return policies.current(policies.defaultName());
  }

  public long now() {
    return nanoClock.getAsLong();
  }

  /** Starts ending idle and expired sessions (and letting go of idle sandboxes) in the background. */
  public synchronized void startReaper(Duration every) {
    if (reaper == null) {
      reaper = new SessionReaper(this::reap, every);
    }
  }

  /** A session being created (HTTP initialize); bound to its id once the SDK has made one. */
  public final class Reservation {
    private final Identity identity;
    private final EffectivePolicy sessionPolicy;
    private boolean done;

    private Reservation(Identity identity, EffectivePolicy sessionPolicy) {
      this.identity = identity;
      this.sessionPolicy = sessionPolicy;
    }

    public GatewaySession bind(String sessionId) {
      synchronized (SessionRegistry.this) {
        if (done) {
          throw new IllegalStateException("reservation already used");
        }
        done = true;
      }
      return open(sessionId, identity, sessionPolicy);
    }

    public void release() {
      synchronized (SessionRegistry.this) {
        done = true;
      }
    }
  }

  /** A new session for the identity under the default policy; never refused (see {@link LegacySessionBounds}). */
  public Reservation reserve(Identity identity) {
    return reserve(identity, livePolicy());
  }

  /** A new session under {@code sessionPolicy} (as read now); never refused (see {@link LegacySessionBounds}). */
  public Reservation reserve(Identity identity, EffectivePolicy sessionPolicy) {
    return new Reservation(identity, sessionPolicy);
  }

  /**
   * The session with this id, opened for the identity if it does not exist (stdio, where the
   * transport has exactly one session). Refuses a session that belongs to someone else.
   */
  public GatewaySession sessionFor(String sessionId, Identity identity) {
    synchronized (this) {
      GatewaySession s = live.get(sessionId);
      if (s != null) {
        if (!s.identity().user().equals(identity.user())) {
          throw new SessionRefusedException("MCP session " + sessionId + " belongs to another user");
        }
        return s;
      }
    }
    return open(sessionId, identity, livePolicy());
  }

  private GatewaySession open(String sessionId, Identity identity, EffectivePolicy sessionPolicy) {
    List<GatewaySession> evicted = new ArrayList<>();
    GatewaySession s = new GatewaySession(sessionId, identity, sessionPolicy, now());
    synchronized (this) {
      GatewaySession existing = live.get(sessionId);
      if (existing != null) {
        return existing;
      }
      live.put(sessionId, s);
      List<GatewaySession> ofUser = live.values().stream().filter(o -> o.identity().user().equals(identity.user())).toList();
      evictLeastRecentlyUsed(ofUser, bounds.perUser(), s, evicted);
      evictLeastRecentlyUsed(new ArrayList<>(live.values()), bounds.total(), s, evicted);
    }
    LOG.info("session {} opened for user {} under policy {}", sessionId, identity.user(), sessionPolicy.name());
    for (GatewaySession gone : evicted) {
      LOG.info("session {} of user {} forgotten: the least recently used beyond the bound of {} MCP sessions per user"
          + " and {} in all on this replica (--max-mcp-sessions-per-user, --max-mcp-sessions); its client gets 404 and"
          + " initializes again", gone.id(), gone.identity().user(), bounds.perUser(), bounds.total());
      endQuietly(gone);
    }
    return s;
  }

  /**
   * The session of a caller that has no MCP session (modern era), keyed by {@link CallerKey}:
   * found, or opened under {@code callerPolicy}. A key names its user, so another user's session is
   * never returned; its sandbox is the caller's, as for the caller's legacy sessions.
   */
  public GatewaySession callerSession(String callerSessionId, Identity identity, EffectivePolicy callerPolicy) {
    synchronized (this) {
      GatewaySession s = live.get(callerSessionId);
      if (s != null) {
        if (!s.identity().user().equals(identity.user())) {
          throw new SessionRefusedException("caller session " + callerSessionId + " belongs to another user");
        }
        return s;
      }
    }
    return open(callerSessionId, identity, callerPolicy);
  }

  /** Removes the least recently used (idle before busy) of {@code among} until {@code bound} remain; holds the lock. */
  private void evictLeastRecentlyUsed(List<GatewaySession> among, int bound, GatewaySession keep, List<GatewaySession> evicted) {
    List<GatewaySession> candidates = new ArrayList<>(among);
    candidates.removeIf(o -> o == keep || evicted.contains(o));
    int count = among.size() - (int) among.stream().filter(evicted::contains).count();
    candidates.sort(Comparator.comparing(GatewaySession::busy).thenComparingLong(GatewaySession::lastActivityNanos));
    for (GatewaySession victim : candidates) {
      if (count <= bound) {
        return;
      }
      live.remove(victim.id());
      evicted.add(victim);
      count--;
    }
  }

  public synchronized Optional<GatewaySession> find(String sessionId) {
    return Optional.ofNullable(live.get(sessionId));
  }

  public synchronized int liveSessions(String user) {
    return (int) live.values().stream().filter(s -> s.identity().user().equals(user)).count();
  }

  public synchronized int liveSessions() {
    return live.size();
  }

  /**
   * Ends a session (client DELETE, expiry, eviction, shutdown). Its caller's sandbox lives on; a
   * sandbox of the session's own ({@code PerMcpSession}) is ended.
   */
  public void end(String sessionId, String why) {
    GatewaySession s;
    synchronized (this) {
      s = live.remove(sessionId);
    }
    if (s != null) {
      LOG.info("session {} of user {} ended: {}", sessionId, s.identity().user(), why);
      endQuietly(s);
    }
  }

  /**
   * Ends sessions idle longer than limits.idleTimeout or older than limits.ttl, lets go of
   * sandboxes no call here used for their idle timeout, and forgets idle call budgets.
   */
  public void reap() {
    long now = now();
    List<String[]> toEnd = new ArrayList<>();
    synchronized (this) {
      for (GatewaySession s : live.values()) {
        Limits l = s.lastPolicy().limits();
        if (positive(l.ttl()) && now - s.createdNanos() >= l.ttl().toNanos()) {
          toEnd.add(new String[] {s.id(), "TTL of " + l.ttl().toSeconds() + "s reached"});
        } else if (positive(l.idleTimeout()) && !s.busy() && now - s.lastActivityNanos() >= l.idleTimeout().toNanos()) {
          toEnd.add(new String[] {s.id(), "idle for " + l.idleTimeout().toSeconds() + "s"});
        }
      }
    }
    toEnd.forEach(e -> end(e[0], e[1]));
    sandboxes.evictIdle();
    rateLimits.evictIdle(now);
  }

  /** Ends this replica's sessions; callers' sandboxes are left for the other replicas and their idle timeout. */
  @Override
  public void close() {
    SessionReaper r;
    List<String> ids;
    synchronized (this) {
      r = reaper;
      reaper = null;
      ids = new ArrayList<>(live.keySet());
    }
    if (r != null) {
      r.close();
    }
    ids.forEach(id -> end(id, "gateway shutting down"));
    sandboxes.close();
  }

  private void endQuietly(GatewaySession s) {
    s.close();
    try {
      sandboxes.endMcpSession(s.id());
    } catch (RuntimeException e) {
      LOG.warn("ending the sandbox of session {} failed: {}", s.id(), e.toString());
    }
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isZero() && !d.isNegative();
  }
}
