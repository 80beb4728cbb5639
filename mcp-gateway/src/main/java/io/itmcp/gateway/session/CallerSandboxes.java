package io.itmcp.gateway.session;

import io.itmcp.api.v1alpha1.SandboxSharing;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.SandboxGoneException;
import io.itmcp.gateway.runtime.SandboxOwner;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.policy.EffectivePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandboxes this gateway replica uses, by owner: the one place a tool call gets its sandbox,
 * whichever protocol era or MCP session it came in. A caller's sandbox is opened (found or made,
 * see {@link SandboxRuntime#open}) at its first call here and reused; when it has ended (idle
 * timeout, TTL, failure) the next call opens a fresh one, and a command refused because the sandbox
 * was gone before it started is run once more in the fresh one.
 *
 * <p>Closing a legacy MCP session does not end its caller's sandbox; only sandboxes of {@code
 * sandbox.sharing: PerMcpSession} end with their session. A sandbox unused here for its policy's
 * idle timeout is let go (the operator ends it unless another replica keeps it busy).
 */
public final class CallerSandboxes implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CallerSandboxes.class);

  private final SandboxRuntime runtime;
  private final LongSupplier nanoClock;
  private final Map<SandboxOwner.Key, Entry> entries = new ConcurrentHashMap<>();

  public CallerSandboxes(SandboxRuntime runtime, LongSupplier nanoClock) {
    this.runtime = runtime;
    this.nanoClock = nanoClock;
  }

  /**
   * The caller's sandbox for a request that carries no MCP session (user, policy, client name): the
   * seam stateless requests use.
   */
  public Sandbox sandboxFor(
      Identity identity, EffectivePolicy policy, String clientName, String clientVersion) {
    return sandboxFor(
        SandboxOwner.caller(identity, policy.name(), clientName, clientVersion), policy);
  }

  /**
   * The sandbox a legacy MCP session's calls use: its caller's, or its own under {@code
   * PerMcpSession}.
   */
  public Sandbox sandboxFor(GatewaySession session, EffectivePolicy policy) {
    return sandboxFor(ownerOf(session, policy), policy);
  }

  /** Whose sandbox a legacy MCP session's calls run in under the policy as it is now. */
  public static SandboxOwner ownerOf(GatewaySession session, EffectivePolicy policy) {
    return policy.sandboxSharing() == SandboxSharing.PerMcpSession
        ? SandboxOwner.mcpSession(
            session.id(),
            session.identity(),
            policy.name(),
            session.clientName(),
            session.clientVersion())
        : SandboxOwner.caller(
            session.identity(), policy.name(), session.clientName(), session.clientVersion());
  }

  /**
   * The sandbox's name for the audit (the ItmcpSession), or null where sandboxes are per command.
   */
  public String nameOf(SandboxOwner owner, EffectivePolicy policy) {
    return runtime.sandboxName(owner, policy);
  }

  /** The owner's sandbox, opened at the first command and reopened when it has ended. */
  public Sandbox sandboxFor(SandboxOwner owner, EffectivePolicy policy) {
    return new Lease(owner, policy);
  }

  /** Ends the sandbox of a legacy MCP session of {@code PerMcpSession}, if it has one. */
  public void endMcpSession(String mcpSessionId) {
    List<Sandbox> toClose = new ArrayList<>();
    entries
        .entrySet()
        .removeIf(
            e -> {
              if (!mcpSessionId.equals(e.getKey().mcpSessionId())) {
                return false;
              }
              Sandbox s = e.getValue().sandbox;
              if (s != null) {
                toClose.add(s);
              }
              return true;
            });
    toClose.forEach(CallerSandboxes::closeQuietly);
  }

  /** Lets go of caller sandboxes no call here used for their policy's idle timeout. */
  public void evictIdle() {
    long now = nanoClock.getAsLong();
    for (SandboxOwner.Key key : List.copyOf(entries.keySet())) {
      if (key.mcpSessionId() != null) {
        continue; // ended with their MCP session
      }
      Entry[] removed = new Entry[1];
      entries.computeIfPresent(
          key,
          (k, e) -> {
            if (e.running.get() == 0 && now - e.lastUsedNanos >= e.idleTimeout.toNanos()) {
              removed[0] = e;
              return null;
            }
            return e;
          });
      if (removed[0] != null && removed[0].sandbox != null) {
        LOG.info(
            "sandbox of {} unused here for {}s: let go",
            describe(removed[0].owner),
            removed[0].idleTimeout.toSeconds());
        detachQuietly(removed[0].sandbox);
      }
    }
  }

  /** Sandboxes this replica holds. */
  public int held() {
    return entries.size();
  }

  /**
   * Gateway shutdown: sandboxes of {@code PerMcpSession} end with the sessions this replica held;
   * callers' sandboxes live on for the other replicas.
   */
  @Override
  public void close() {
    for (SandboxOwner.Key key : List.copyOf(entries.keySet())) {
      Entry e = entries.remove(key);
      if (e == null || e.sandbox == null) {
        continue;
      }
      if (key.mcpSessionId() != null) {
        closeQuietly(e.sandbox);
      } else {
        detachQuietly(e.sandbox);
      }
    }
  }

  private Entry enter(SandboxOwner owner, EffectivePolicy policy) {
    Duration idle = policy.limits() == null ? Duration.ZERO : policy.limits().idleTimeout();
    long now = nanoClock.getAsLong();
    return entries.compute(
        owner.key(),
        (k, old) -> {
          Entry e = old == null ? new Entry(owner) : old;
          e.running.incrementAndGet();
          e.lastUsedNanos = now;
          e.idleTimeout = idle == null ? Duration.ZERO : idle;
          return e;
        });
  }

  private void leave(Entry e) {
    e.lastUsedNanos = nanoClock.getAsLong();
    e.running.decrementAndGet();
  }

  private static String describe(SandboxOwner owner) {
    String user = owner.identity() == null ? "?" : owner.identity().user();
    return owner.perMcpSession()
        ? "MCP session " + owner.mcpSessionId() + " of " + user
        : user + " with client '" + owner.clientName() + "' under policy " + owner.policyName();
  }

  private static void closeQuietly(Sandbox s) {
    try {
      s.close();
    } catch (RuntimeException e) {
      LOG.warn("ending a sandbox failed: {}", e.toString());
    }
  }

  private static void detachQuietly(Sandbox s) {
    try {
      s.detach();
    } catch (RuntimeException e) {
      LOG.warn("letting go of a sandbox failed: {}", e.toString());
    }
  }

  /**
   * One owner's sandbox on this replica; opened by one call while the others of that owner wait.
   */
  private static final class Entry {
    final SandboxOwner owner;
    final ReentrantLock opening = new ReentrantLock();
    final AtomicInteger running = new AtomicInteger();
    volatile Sandbox sandbox;

    /** The policy {@link #sandbox} was opened under. */
    volatile EffectivePolicy openedUnder;

    volatile long lastUsedNanos;
    volatile Duration idleTimeout = Duration.ZERO;

    Entry(SandboxOwner owner) {
      this.owner = owner;
    }

    /** The live sandbox; {@code stale} (the one that just said it is gone) is replaced. */
    Sandbox current(SandboxRuntime runtime, EffectivePolicy policy, Sandbox stale)
        throws InterruptedException {
      opening.lockInterruptibly();
      try {
        Sandbox s = sandbox;
        boolean policyChanged =
            s != null && runtime.reopensOnPolicyChange() && openedUnder != policy;
        if (s != null && s != stale && !s.ended() && !policyChanged) {
          return s;
        }
        if (s != null) {
          LOG.info(
              "sandbox of {} {}; opening a fresh one",
              describe(owner),
              policyChanged && s != stale && !s.ended()
                  ? "was made under an earlier version of its policy"
                  : "has ended");
          detachQuietly(s);
          sandbox = null;
        }
        s = runtime.open(owner, policy);
        sandbox = s;
        openedUnder = policy;
        return s;
      } finally {
        opening.unlock();
      }
    }
  }

  /** What a call holds: the owner's sandbox as it is at each command. */
  private final class Lease implements Sandbox {
    private final SandboxOwner owner;
    private final EffectivePolicy policy;

    Lease(SandboxOwner owner, EffectivePolicy policy) {
      this.owner = owner;
      this.policy = policy;
    }

    @Override
    public ExecResult exec(ExecRequest request, ProgressListener progress)
        throws InterruptedException {
      Entry entry = enter(owner, policy);
      try {
        Sandbox sandbox = entry.current(runtime, policy, null);
        try {
          return sandbox.exec(request, progress);
        } catch (SandboxGoneException gone) {
          // the command did not start: run it once in a fresh sandbox of the same owner
          return entry.current(runtime, policy, sandbox).exec(request, progress);
        }
      } finally {
        leave(entry);
      }
    }

    @Override
    public boolean ended() {
      Entry e = entries.get(owner.key());
      return e != null && e.sandbox != null && e.sandbox.ended();
    }

    @Override
    public void close() {
      // a call's lease ends with the call; the sandbox is the owner's
    }
  }
}
