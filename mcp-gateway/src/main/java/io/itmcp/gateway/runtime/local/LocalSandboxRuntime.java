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
 * Runs tool calls on this machine, each in a bubblewrap sandbox that shows only what that tool
 * needs (see {@link BwrapCommand} for exactly what it isolates and what it does not: the network is
 * shared, egress is not restricted here); file tools read through the race-free reader ({@link
 * ReaderBinary}). Construct it with {@link #create(boolean)}: it refuses to exist without a working
 * bubblewrap unless the caller explicitly allows running unsandboxed, in which case {@link
 * #sandboxed()} is false and the caller must warn.
 */
public final class LocalSandboxRuntime implements SandboxRuntime {

  /**
   * Whether bubblewrap works here, and if not, why; {@code binary} is the bwrap file the probe ran
   * (null when none was found), which the runtime then runs for every call.
   */
  public record Availability(boolean available, String detail, String binary) {}

  /** What a file tool reports when this build carries no reader for this machine. */
  static final String NO_READER =
      "this gateway build carries no file reader for "
          + ReaderBinary.resourceName()
          + " (the jar was built on another architecture, or without a C compiler): rebuild it on this machine "
          + "(needs cc and a static libc, e.g. Debian's gcc and libc6-dev)";

  private final boolean sandboxed;
  private final String bwrap;
  private final List<String> sshPaths;
  private final boolean runningAsRoot;
  private final boolean unprivilegedIcmp;
  private final List<String> systemView;
  private final Optional<Path> reader;

  private LocalSandboxRuntime(boolean sandboxed, String bwrap, List<String> sshPaths) {
    this.sandboxed = sandboxed;
    this.bwrap = bwrap;
    this.sshPaths = List.copyOf(sshPaths);
    this.runningAsRoot = HostFacts.runningAsRoot();
    this.unprivilegedIcmp = HostFacts.unprivilegedIcmp();
    this.systemView = HostFacts.systemView();
    this.reader = ReaderBinary.path();
  }

  /**
   * The same runtime with the ssh key directory and known_hosts file visible (read-only) to ssh
   * inside the sandbox; no other tool sees them.
   */
  public LocalSandboxRuntime withVisiblePaths(List<Path> paths) {
    List<String> all = new ArrayList<>(sshPaths);
    paths.forEach(p -> all.add(p.toAbsolutePath().normalize().toString()));
    return new LocalSandboxRuntime(sandboxed, bwrap, all);
  }

  /**
   * A runtime that sandboxes every command with the bubblewrap found on {@code PATH} now ({@link
   * BwrapBinary}); does not check that it works.
   */
  public static LocalSandboxRuntime bubblewrap() {
    return bubblewrap(BwrapBinary.onPath().map(Path::toString).orElse(BwrapBinary.NAME));
  }

  /** As {@link #bubblewrap()}, with this bwrap file. */
  static LocalSandboxRuntime bubblewrap(String binary) {
    return new LocalSandboxRuntime(true, binary, List.of());
  }

  /**
   * A runtime that runs argvs directly on this machine, with no isolation beyond the argument
   * checks.
   */
  public static LocalSandboxRuntime unsandboxed() {
    return new LocalSandboxRuntime(false, null, List.of());
  }

  /**
   * What {@code --runtime local [--allow-unsandboxed]} builds: bubblewrap when it works; otherwise
   * an unsandboxed runtime if allowed, else {@link IllegalStateException} saying what failed and
   * what to do ({@link BwrapFailure}).
   */
  public static LocalSandboxRuntime create(boolean allowUnsandboxed) {
    return create(allowUnsandboxed, probe());
  }

  /** As {@link #create(boolean)}, with the answer of a {@link #probe()} already run. */
  public static LocalSandboxRuntime create(boolean allowUnsandboxed, Availability availability) {
    if (availability.available()) {
      return bubblewrap(availability.binary());
    }
    if (allowUnsandboxed) {
      return unsandboxed();
    }
    throw new IllegalStateException(availability.detail());
  }

  /**
   * Runs {@code true} under the bubblewrap settings the network tools get (the same binds, no
   * extras), with the bwrap {@link BwrapBinary} finds on {@code PATH}.
   */
  public static Availability probe() {
    String searchPath = System.getenv("PATH");
    return BwrapBinary.onPath(searchPath)
        .map(binary -> probe(binary.toString()))
        .orElseGet(
            () ->
                new Availability(
                    false,
                    BwrapFailure.explain(
                        false, ProcessRunner.CANNOT_START, BwrapBinary.notFound(searchPath)),
                    null));
  }

  static Availability probe(String bwrapBinary) {
    try {
      ExecResult r =
          new LocalSandbox(
                  "probe",
                  Optional.of(
                      BwrapCommand.basic(bwrapBinary, HostFacts.systemView(), false, false)),
                  Optional.empty())
              .exec(
                  new ExecRequest(
                      List.of("true"), ExecTarget.SANDBOX, Duration.ofSeconds(10), 4096),
                  ProgressListener.NONE);
      if (r.exitCode() == 0) {
        return new Availability(true, "bubblewrap works", bwrapBinary);
      }
      if (r.timedOut()) {
        return new Availability(
            false, "bubblewrap did not finish starting a sandbox in 10 s", bwrapBinary);
      }
      boolean started =
          !(r.exitCode() == ProcessRunner.CANNOT_START && r.stderr().startsWith("cannot start "));
      return new Availability(
          false, BwrapFailure.explain(started, r.exitCode(), r.stderr()), bwrapBinary);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Availability(false, "interrupted", bwrapBinary);
    }
  }

  public boolean sandboxed() {
    return sandboxed;
  }

  /** The allowed directories are bound when the sandbox is made: a policy edit needs a new one. */
  @Override
  public boolean reopensOnPolicyChange() {
    return true;
  }

  @Override
  public Sandbox open(SandboxOwner owner, EffectivePolicy policy) {
    String label = owner.perMcpSession() ? owner.mcpSessionId() : owner.clientName();
    if (!sandboxed) {
      return new LocalSandbox(label, Optional.empty(), reader);
    }
    return new LocalSandbox(
        label,
        Optional.of(
            new BwrapCommand(
                bwrap,
                systemView,
                allowedDirectories(policy),
                sshPaths,
                reader.map(Path::toString).orElse(null),
                runningAsRoot,
                unprivilegedIcmp)),
        Optional.empty());
  }

  private static List<String> allowedDirectories(EffectivePolicy policy) {
    return policy == null || policy.paths() == null ? List.of() : policy.paths().directories();
  }

  @Override
  public String name() {
    return "local";
  }
}
