package io.itmcp.gateway.runtime.local;

import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.SandboxOwner;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.policy.EffectivePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs tool calls on this machine, each in a bubblewrap sandbox (see {@link BwrapCommand} for
 * exactly what it isolates and what it does not: the network is shared, egress is not restricted
 * here). Construct it with {@link #create(boolean)}: it refuses to exist without a working
 * bubblewrap unless the caller explicitly allows running unsandboxed, in which case
 * {@link #sandboxed()} is false and the caller must warn.
 */
public final class LocalSandboxRuntime implements SandboxRuntime {

  /** Whether bubblewrap works here, and if not, why. */
  public record Availability(boolean available, String detail) {
  }

  private final boolean sandboxed;
  private final String bwrap;
  private final List<String> alsoVisible;
  private final boolean runningAsRoot;
  private final boolean unprivilegedIcmp;
  private final List<String> systemView;

  private LocalSandboxRuntime(boolean sandboxed, String bwrap, List<String> alsoVisible) {
    this.sandboxed = sandboxed;
    this.bwrap = bwrap;
    this.alsoVisible = List.copyOf(alsoVisible);
    this.runningAsRoot = HostFacts.runningAsRoot();
    this.unprivilegedIcmp = HostFacts.unprivilegedIcmp();
    this.systemView = HostFacts.systemView();
  }

  /**
   * The same runtime with more host paths visible (read-only) inside the sandbox even where the
   * private /tmp would hide them, e.g. the ssh key directory and known_hosts file when they live
   * under /tmp. Paths elsewhere are visible anyway through the read-only view of the host.
   */
  public LocalSandboxRuntime withVisiblePaths(List<Path> paths) {
    List<String> all = new ArrayList<>(alsoVisible);
    paths.forEach(p -> all.add(p.toAbsolutePath().normalize().toString()));
    return new LocalSandboxRuntime(sandboxed, bwrap, all);
  }

  /** A runtime that sandboxes every command with bubblewrap; does not check that bwrap works. */
  public static LocalSandboxRuntime bubblewrap() {
    return new LocalSandboxRuntime(true, "bwrap", List.of());
  }

  /** A runtime that runs argvs directly on this machine, with no isolation beyond the argument checks. */
  public static LocalSandboxRuntime unsandboxed() {
    return new LocalSandboxRuntime(false, null, List.of());
  }

  /**
   * What {@code --runtime local [--allow-unsandboxed]} builds: bubblewrap when it works; otherwise
   * an unsandboxed runtime if allowed, else {@link IllegalStateException} saying why bwrap failed.
   */
  public static LocalSandboxRuntime create(boolean allowUnsandboxed) {
    Availability availability = probe();
    if (availability.available()) {
      return bubblewrap();
    }
    if (allowUnsandboxed) {
      return unsandboxed();
    }
    throw new IllegalStateException("bubblewrap (bwrap) does not work here: " + availability.detail()
        + "; install the 'bubblewrap' package, or pass --allow-unsandboxed to run commands without a sandbox");
  }

  /** Runs {@code /bin/true} under the same bubblewrap settings the tools get. */
  public static Availability probe() {
    try {
      ExecResult r = new LocalSandbox("probe", Optional.of(BwrapCommand.basic("bwrap", false, false)))
          .exec(new ExecRequest(List.of("true"), ExecTarget.SANDBOX, Duration.ofSeconds(10), 4096), ProgressListener.NONE);
      if (r.exitCode() == 0) {
        return new Availability(true, "bubblewrap works");
      }
      return new Availability(false, r.timedOut() ? "bwrap did not finish in 10 s" : "bwrap exited "
          + r.exitCode() + ": " + r.stderr().strip());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Availability(false, "interrupted");
    }
  }

  public boolean sandboxed() {
    return sandboxed;
  }

  @Override
  public Sandbox open(SandboxOwner owner, EffectivePolicy policy) {
    String label = owner.perMcpSession() ? owner.mcpSessionId() : owner.clientName();
    if (!sandboxed) {
      return new LocalSandbox(label, Optional.empty());
    }
    return new LocalSandbox(label, Optional.of(
        new BwrapCommand(bwrap, hiddenByPrivateTmp(policy), allowedDirectories(policy), systemView,
            runningAsRoot, unprivilegedIcmp)));
  }

  /**
   * Allowed directories under /tmp (or /tmp itself) would be hidden by the private /tmp; they are
   * bound back read-only (with /tmp allowed, the sandbox has no writable /tmp; no tool needs one).
   */
  private static List<String> allowedDirectories(EffectivePolicy policy) {
    return policy == null || policy.paths() == null ? List.of() : policy.paths().directories();
  }

  private List<String> hiddenByPrivateTmp(EffectivePolicy policy) {
    List<String> candidates = new ArrayList<>(alsoVisible);
    if (policy != null && policy.paths() != null) {
      candidates.addAll(policy.paths().directories());
    }
    return candidates.stream().distinct().filter(d -> Path.of(d).normalize().startsWith("/tmp")).toList();
  }

  @Override
  public String name() {
    return "local";
  }
}
