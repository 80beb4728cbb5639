package io.itmcp.gateway.session;

import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.policy.EffectivePolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy MCP sessions of this gateway replica, and what a call needs beside them: the sandboxes
 * ({@link CallerSandboxes}, by caller, not by session) and the call budgets ({@link
 * CallRateLimits}, by user and policy). Sessions are kept in {@link LiveSessions}, bounded by
 * {@link LegacySessionBounds} (the least recently used is forgotten, never a new one refused), and
 * end when {@link SessionReaper} finds them past their policy's idle timeout or TTL; ending a
 * session ends no sandbox unless its policy shares sandboxes {@code PerMcpSession}. {@code
 * limits.maxSessions} and {@code limits.maxSessionsPerUser} count sandboxes and are the runtime's
 * to enforce (the operator's quota in the cluster).
 */
public final class SessionRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

  private final SandboxRuntime runtime;
  private final EffectivePolicy policy;
  private final SessionPolicies policies;
  private final LongSupplier nanoClock;
  private final LegacySessionBounds bounds;
  private final LiveSessions live;
  private final SessionReaper reaper;
  private final CallerSandboxes sandboxes;
  private final CallRateLimits rateLimits = new CallRateLimits();
  private HousekeepingSchedule housekeeping;

  public SessionRegistry(SandboxRuntime runtime, EffectivePolicy policy) {
    this(runtime, policy, System::nanoTime);
  }

  public SessionRegistry(SandboxRuntime runtime, EffectivePolicy policy, LongSupplier nanoClock) {
    this(runtime, policy, SessionPolicies.fixed(policy), nanoClock);
  }

  /**
   * Sessions whose policy is looked up in {@code policies} on every use (cluster runtime).
   *
   * @param startPolicy what {@link #policy()} answers: the policy tool descriptions and transport
   *     defaults are made from at start
   */
  public SessionRegistry(
      SandboxRuntime runtime,
      EffectivePolicy startPolicy,
      SessionPolicies policies,
      LongSupplier nanoClock) {
    this(runtime, startPolicy, policies, nanoClock, LegacySessionBounds.defaults());
  }

  public SessionRegistry(
      SandboxRuntime runtime,
      EffectivePolicy startPolicy,
      SessionPolicies policies,
      LongSupplier nanoClock,
      LegacySessionBounds bounds) {
    this.runtime = runtime;
    this.policy = startPolicy;
    this.policies = policies;
    this.nanoClock = nanoClock;
    this.bounds = bounds;
    this.live = new LiveSessions(bounds);
    this.reaper = new SessionReaper(nanoClock);
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
   * The policy of the session as it is now (cluster runtime: as its watch last delivered it, or
   * read live while the watch is not connected), remembered on the session for expiry. Throws with
   * a message that says why it cannot be used.
   */
  public EffectivePolicy currentPolicy(GatewaySession session) {
    return currentPolicy(session, null);
  }

  /**
   * As {@link #currentPolicy(GatewaySession)}, using the read the request already made when it is
   * of the session's policy (one API read per request).
   */
  public EffectivePolicy currentPolicy(
      GatewaySession session, Supplier<EffectivePolicy> readForRequest) {
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
   * The default policy as it is now: the reloaded policy file of a local gateway, the start policy
   * where it never changes. Throws when it cannot be read (see {@link SessionPolicies#current}).
   */
  public EffectivePolicy livePolicy() {
    return policies.current(policies.defaultName());
  }

  public long now() {
    return nanoClock.getAsLong();
  }

  /**
   * Starts ending idle and expired sessions (and letting go of idle sandboxes) in the background.
   */
  public synchronized void startReaper(Duration every) {
    if (housekeeping == null) {
      housekeeping = new HousekeepingSchedule(this::reap, every);
    }
  }

  /** How often the background reaper runs; empty while none runs (not started, or closed). */
  public synchronized Optional<Duration> reaperInterval() {
    return Optional.ofNullable(housekeeping).map(HousekeepingSchedule::every);
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

  /**
   * A new session for the identity under the default policy; never refused (see {@link
   * LegacySessionBounds}).
   */
  public Reservation reserve(Identity identity) {
    return reserve(identity, livePolicy());
  }

  /**
   * A new session under {@code sessionPolicy} (as read now); never refused (see {@link
   * LegacySessionBounds}).
   */
  public Reservation reserve(Identity identity, EffectivePolicy sessionPolicy) {
    return new Reservation(identity, sessionPolicy);
  }

  /**
   * The session with this id, opened for the identity if it does not exist (stdio, where the
   * transport has exactly one session). Refuses a session that belongs to someone else.
   */
  public GatewaySession sessionFor(String sessionId, Identity identity) {
    Optional<GatewaySession> existing = owned("MCP session", sessionId, identity);
    return existing.isPresent() ? existing.get() : open(sessionId, identity, livePolicy());
  }

  /**
   * The session of a caller that has no MCP session (modern era), keyed by {@link CallerKey}:
   * found, or opened under {@code callerPolicy}. A key names its user, so another user's session is
   * never returned; its sandbox is the caller's, as for the caller's legacy sessions.
   */
  public GatewaySession callerSession(
      String callerSessionId, Identity identity, EffectivePolicy callerPolicy) {
    Optional<GatewaySession> existing = owned("caller session", callerSessionId, identity);
    return existing.isPresent() ? existing.get() : open(callerSessionId, identity, callerPolicy);
  }

  /**
   * The live session with this id, refused when it belongs to another user than {@code identity}'s.
   */
  private Optional<GatewaySession> owned(String kind, String sessionId, Identity identity) {
    Optional<GatewaySession> found = live.find(sessionId);
    if (found.isPresent() && !found.get().identity().user().equals(identity.user())) {
      throw new SessionRefusedException(
          kind
              + " "
              + sessionId
              + " belongs to another user: a session is used only"
              + " by the user who opened it; open a session of your own");
    }
    return found;
  }

  private GatewaySession open(String sessionId, Identity identity, EffectivePolicy sessionPolicy) {
    GatewaySession opened = new GatewaySession(sessionId, identity, sessionPolicy, now());
    LiveSessions.Inserted inserted = live.insert(opened);
    if (inserted.session() != opened) {
      return inserted.session();
    }
    LOG.info(
        "session {} opened for user {} under policy {}",
        sessionId,
        identity.user(),
        sessionPolicy.name());
    for (GatewaySession gone : inserted.forgotten()) {
      LOG.info(
          "session {} of user {} forgotten: {}",
          gone.id(),
          gone.identity().user(),
          bounds.whyForgotten());
      endQuietly(gone);
    }
    return opened;
  }

  public Optional<GatewaySession> find(String sessionId) {
    return live.find(sessionId);
  }

  public int liveSessions(String user) {
    return live.count(user);
  }

  public int liveSessions() {
    return live.count();
  }

  /**
   * Ends a session (client DELETE, expiry, eviction, shutdown). Its caller's sandbox lives on; a
   * sandbox of the session's own ({@code PerMcpSession}) is ended.
   */
  public void end(String sessionId, String why) {
    live.remove(sessionId)
        .ifPresent(
            s -> {
              LOG.info("session {} of user {} ended: {}", sessionId, s.identity().user(), why);
              endQuietly(s);
            });
  }

  /**
   * Ends sessions idle longer than limits.idleTimeout or older than limits.ttl, lets go of
   * sandboxes no call here used for their idle timeout, and forgets idle call budgets.
   */
  public void reap() {
    reaper.expired(live.all()).forEach(e -> end(e.session().id(), e.why()));
    sandboxes.evictIdle();
    rateLimits.evictIdle(now());
  }

  /**
   * Ends this replica's sessions; callers' sandboxes are left for the other replicas and their idle
   * timeout.
   */
  @Override
  public void close() {
    HousekeepingSchedule h;
    synchronized (this) {
      h = housekeeping;
      housekeeping = null;
    }
    if (h != null) {
      h.close();
    }
    live.all().forEach(s -> end(s.id(), "gateway shutting down"));
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
}
