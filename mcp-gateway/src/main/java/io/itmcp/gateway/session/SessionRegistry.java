package io.itmcp.gateway.session;

import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live MCP sessions of this gateway. Enforces {@code limits.maxSessions} and
 * {@code limits.maxSessionsPerUser}, and ends sessions past their idle timeout or TTL (closing
 * their sandboxes).
 */
public final class SessionRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

  private final SandboxRuntime runtime;
  private final EffectivePolicy policy;
  private final SessionPolicies policies;
  private final LongSupplier nanoClock;
  private final Map<String, GatewaySession> live = new HashMap<>();
  /** Slots held for sessions being created, per policy and per (policy, user): limits are a policy's. */
  private final Map<String, Integer> reservedPerUser = new HashMap<>();
  private final Map<String, Integer> reservedPerPolicy = new HashMap<>();
  private ScheduledExecutorService reaper;

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
    this.runtime = runtime;
    this.policy = startPolicy;
    this.policies = policies;
    this.nanoClock = nanoClock;
  }

  public SessionPolicies policies() {
    return policies;
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
  public EffectivePolicy currentPolicy(GatewaySession session, java.util.function.Supplier<EffectivePolicy> readForRequest) {
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

  public EffectivePolicy policy() {
    return policy;
  }

  public long now() {
    return nanoClock.getAsLong();
  }

  /** Starts ending idle and expired sessions in the background. */
  public synchronized void startReaper(Duration every) {
    if (reaper != null) {
      return;
    }
    reaper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "itmcp-session-reaper");
      t.setDaemon(true);
      return t;
    });
    long ms = Math.max(100, every.toMillis());
    reaper.scheduleWithFixedDelay(this::reapSafely, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** A slot for a session that is being created (HTTP initialize); bound to its id once known. */
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
        unreserve(identity, sessionPolicy);
        GatewaySession s = new GatewaySession(sessionId, identity, sessionPolicy, now(),
            sessionPolicy.limits().callsPerMinute());
        live.put(sessionId, s);
        LOG.info("session {} opened for user {} under policy {}", sessionId, identity.user(), sessionPolicy.name());
        return s;
      }
    }

    public void release() {
      synchronized (SessionRegistry.this) {
        if (!done) {
          done = true;
          unreserve(identity, sessionPolicy);
        }
      }
    }
  }

  /** Holds a session slot for the identity, or refuses with the limit that was reached. */
  public synchronized Reservation reserve(Identity identity) {
    return reserve(identity, policy);
  }

  /** Holds a slot for a session under {@code sessionPolicy} (as read now), or refuses with the limit reached. */
  public synchronized Reservation reserve(Identity identity, EffectivePolicy sessionPolicy) {
    checkLimits(identity, sessionPolicy);
    reservedPerPolicy.merge(sessionPolicy.name(), 1, Integer::sum);
    reservedPerUser.merge(userKey(sessionPolicy, identity), 1, Integer::sum);
    return new Reservation(identity, sessionPolicy);
  }

  /**
   * The session with this id, opened for the identity if it does not exist (stdio, where the
   * transport has exactly one session). Refuses a session that belongs to someone else.
   */
  public synchronized GatewaySession sessionFor(String sessionId, Identity identity) {
    GatewaySession s = live.get(sessionId);
    if (s != null) {
      if (!s.identity().user().equals(identity.user())) {
        throw new SessionRefusedException("MCP session " + sessionId + " belongs to another user");
      }
      return s;
    }
    checkLimits(identity, policy);
    s = new GatewaySession(sessionId, identity, policy, now(), limits().callsPerMinute());
    live.put(sessionId, s);
    LOG.info("session {} opened for user {}", sessionId, identity.user());
    return s;
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

  /** Live sessions whose sandbox is open. */
  public synchronized int liveSandboxes() {
    return (int) live.values().stream().filter(GatewaySession::hasSandbox).count();
  }

  /** Ends a session (client DELETE, expiry, shutdown); its sandbox is closed. */
  public void end(String sessionId, String why) {
    GatewaySession s;
    synchronized (this) {
      s = live.remove(sessionId);
    }
    if (s != null) {
      LOG.info("session {} of user {} ended: {}", sessionId, s.identity().user(), why);
      closeQuietly(s);
    }
  }

  /** Ends sessions idle longer than limits.idleTimeout or older than limits.ttl. */
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
  }

  @Override
  public void close() {
    ScheduledExecutorService r;
    List<String> ids;
    synchronized (this) {
      r = reaper;
      reaper = null;
      ids = new ArrayList<>(live.keySet());
    }
    if (r != null) {
      r.shutdownNow();
    }
    ids.forEach(id -> end(id, "gateway shutting down"));
  }

  private Limits limits() {
    return policy.limits();
  }

  private void checkLimits(Identity identity, EffectivePolicy policy) {
    Limits l = policy.limits();
    List<GatewaySession> underPolicy = live.values().stream().filter(s -> s.policyName().equals(policy.name())).toList();
    int perUser = (int) underPolicy.stream().filter(s -> s.identity().user().equals(identity.user())).count()
        + reservedPerUser.getOrDefault(userKey(policy, identity), 0);
    if (l.maxSessionsPerUser() > 0 && perUser >= l.maxSessionsPerUser()) {
      throw new SessionRefusedException("session limit reached: user '" + identity.user() + "' already has "
          + perUser + " live MCP sessions and policy '" + policy.name() + "' allows "
          + l.maxSessionsPerUser() + " per user (limits.maxSessionsPerUser); close one (HTTP DELETE /mcp"
          + " with its Mcp-Session-Id) or wait until one is idle for " + l.idleTimeout().toSeconds() + "s");
    }
    if (l.maxSessions() > 0 && underPolicy.size() + reservedPerPolicy.getOrDefault(policy.name(), 0) >= l.maxSessions()) {
      throw new SessionRefusedException("session limit reached: policy '" + policy.name() + "' allows "
          + l.maxSessions() + " live MCP sessions in total (limits.maxSessions); try again when one has ended");
    }
  }

  private synchronized void unreserve(Identity identity, EffectivePolicy sessionPolicy) {
    reservedPerPolicy.computeIfPresent(sessionPolicy.name(), (p, n) -> n <= 1 ? null : n - 1);
    reservedPerUser.computeIfPresent(userKey(sessionPolicy, identity), (u, n) -> n <= 1 ? null : n - 1);
  }

  private static String userKey(EffectivePolicy policy, Identity identity) {
    return policy.name() + "\n" + identity.user();
  }

  private void reapSafely() {
    try {
      reap();
    } catch (RuntimeException e) {
      LOG.warn("session reaper failed: {}", e.toString());
    }
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isZero() && !d.isNegative();
  }

  private static void closeQuietly(GatewaySession s) {
    try {
      s.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the sandbox of session {} failed: {}", s.id(), e.toString());
    }
  }
}
