package io.itmcp.gateway.runtime.local;

import io.itmcp.gateway.runtime.ExecTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The bubblewrap command line one session's commands run under (pure; no I/O).
 *
 * <ul>
 *   <li>{@code --ro-bind / /}: a read-only view of the host (the file tools get a narrower view:
 *       see {@link #usesFileView}); {@code --dev /dev} a minimal /dev,
 *       {@code --proc /proc} a proc of the new pid namespace, {@code --tmpfs /tmp} a private,
 *       empty /tmp; each allowed directory that lies under /tmp is bound again, read-only, on top.</li>
 *   <li>{@code --unshare-pid --unshare-ipc --unshare-uts --unshare-cgroup-try}: own process, IPC,
 *       host-name and cgroup views; ps and top see only the sandbox.</li>
 *   <li>{@code --die-with-parent}: the sandbox dies with the gateway; {@code --new-session}: no
 *       access to the gateway's terminal (TIOCSTI).</li>
 *   <li>{@code --cap-drop ALL}, then only what the command needs: the capture target gets
 *       CAP_NET_RAW (plus CAP_SETUID/CAP_SETGID, which tcpdump uses to drop to its own user right
 *       after opening the interface); {@code ping} gets CAP_NET_RAW only when this host does not
 *       allow unprivileged ICMP sockets (net.ipv4.ping_group_range). Capabilities are only added
 *       when the gateway runs as root: an unprivileged bubblewrap cannot grant them.</li>
 *   <li>{@code --clearenv} with a fixed PATH, LANG and HOME: nothing of the gateway's environment
 *       (tokens, credentials paths) reaches the tools.</li>
 * </ul>
 *
 * <p>The network namespace is shared with the host on purpose: the tools exist to reach the
 * network. Egress is not restricted by this runtime; allowed hosts are enforced by the argument
 * checks here and, in the cluster, by the session pod's NetworkPolicy.
 */
public record BwrapCommand(
    String bwrap,
    List<String> extraReadOnlyDirectories,
    List<String> fileDirectories,
    List<String> systemView,
    boolean runningAsRoot,
    boolean unprivilegedIcmp) {

  /** The programs that only read files (the file tools, which get the narrow view). */
  public static final Set<String> FILE_READERS = Set.of("cat", "head", "tail", "grep");

  public static final List<String> ENVIRONMENT = List.of(
      "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "LANG", "C.UTF-8",
      "HOME", "/tmp");

  public BwrapCommand {
    extraReadOnlyDirectories = List.copyOf(extraReadOnlyDirectories);
    fileDirectories = List.copyOf(fileDirectories);
    systemView = List.copyOf(systemView);
  }

  /** A session without allowed directories and without a file view (e.g. the availability probe). */
  public static BwrapCommand basic(String bwrap, boolean runningAsRoot, boolean unprivilegedIcmp) {
    return new BwrapCommand(bwrap, List.of(), List.of(), List.of(), runningAsRoot, unprivilegedIcmp);
  }

  /** The full command: bubblewrap settings, {@code --}, then the tool's argv unchanged. */
  public List<String> wrap(List<String> argv, ExecTarget target) {
    List<String> cmd = new ArrayList<>(List.of(bwrap));
    boolean narrow = usesFileView(argv);
    if (narrow) {
      cmd.addAll(systemView);
    } else {
      cmd.addAll(List.of("--ro-bind", "/", "/"));
    }
    cmd.addAll(List.of("--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"));
    for (String dir : narrow ? fileDirectories : extraReadOnlyDirectories) {
      cmd.addAll(List.of("--ro-bind-try", dir, dir));
    }
    cmd.addAll(List.of(
        "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
        "--hostname", "itmcp-sandbox",
        "--die-with-parent", "--new-session",
        "--cap-drop", "ALL"));
    for (String cap : capabilities(argv, target)) {
      cmd.addAll(List.of("--cap-add", cap));
    }
    cmd.add("--clearenv");
    for (int i = 0; i < ENVIRONMENT.size(); i += 2) {
      cmd.addAll(List.of("--setenv", ENVIRONMENT.get(i), ENVIRONMENT.get(i + 1)));
    }
    cmd.addAll(List.of("--chdir", "/tmp", "--"));
    cmd.addAll(argv);
    return cmd;
  }

  /**
   * The file tools see only the system's programs and libraries ({@link #systemView}: /usr and
   * the /bin, /lib... links or binds) plus the allowed directories, so a path that escapes them
   * (a symlink the re-check missed, a race) finds nothing to read: this layer holds even without
   * the gateway's path checks. Not used when "/" is allowed or no system view is known.
   */
  boolean usesFileView(List<String> argv) {
    return FILE_READERS.contains(argv.get(0)) && !systemView.isEmpty() && !fileDirectories.contains("/");
  }

  List<String> capabilities(List<String> argv, ExecTarget target) {
    if (!runningAsRoot) {
      return List.of();
    }
    if (target == ExecTarget.CAPTURE) {
      return List.of("CAP_NET_RAW", "CAP_SETUID", "CAP_SETGID");
    }
    if (argv.get(0).equals("ping") && !unprivilegedIcmp) {
      return List.of("CAP_NET_RAW");
    }
    return List.of();
  }
}
