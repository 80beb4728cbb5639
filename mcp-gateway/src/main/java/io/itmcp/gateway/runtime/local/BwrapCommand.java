package io.itmcp.gateway.runtime.local;

import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.FileReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The bubblewrap command line one session's commands run under (pure; no I/O).
 *
 * <p>What a command sees is chosen per tool ({@link View}); nothing of the host is bound wholesale:
 *
 * <ul>
 *   <li>every view: the system's programs and libraries ({@link #systemView}: {@code /usr} and the
 *       /bin, /lib... links or binds), {@code /etc/ld.so.cache}, {@code --dev /dev} (a minimal
 *       /dev: null, zero, random, tty...), {@code --tmpfs /tmp} (private and empty); the root
 *       itself is read-only once everything is bound;
 *   <li>{@link View#FILE_READ} (cat, head, tail, grep through the in-sandbox reader): the reader
 *       binary and the allowed directories, read-only; no /proc, no /etc beyond the loader cache;
 *   <li>{@link View#PROCESSES} (ps, top): {@code --proc /proc} of the sandbox's own pid namespace
 *       and the /etc files that turn uids and times into names ({@link #IDENTITY_FILES});
 *   <li>{@link View#NETWORK} (ssh, ping, dig, nslookup, telnet, tcpdump, traceroute, curl,
 *       openssl): the /etc files name resolution and TLS need ({@link #NETWORK_FILES}); ssh also
 *       its key and known_hosts paths.
 * </ul>
 *
 * Other settings: {@code --unshare-pid --unshare-ipc --unshare-uts --unshare-cgroup-try} (own
 * process, IPC, host-name and cgroup views); {@code --die-with-parent}; {@code --new-session} (no
 * TIOCSTI on the gateway's terminal); {@code --cap-drop ALL}, then only what the command needs: the
 * capture target gets CAP_NET_RAW (plus CAP_SETUID/CAP_SETGID, which tcpdump uses to drop to its
 * own user), {@code ping} and ICMP traceroute CAP_NET_RAW only when the host does not allow
 * unprivileged ICMP sockets, and only when the gateway runs as root (an unprivileged bubblewrap
 * cannot grant them); {@code --clearenv} with a fixed PATH, LANG and HOME.
 *
 * <p>The network namespace is shared with the host on purpose: the tools exist to reach the
 * network. Egress is not restricted by this runtime; allowed hosts are enforced by the argument
 * checks and, in the cluster, by the session pod's NetworkPolicy.
 *
 * @param bwrap the bubblewrap binary
 * @param systemView the arguments binding /usr and the library/link directories ({@link
 *     HostFacts#systemView})
 * @param fileDirectories the policy's allowed directories (bound for the file reader only)
 * @param sshPaths host paths ssh needs (key directory, known_hosts), bound for ssh only
 * @param fileReader the host path of the reader binary, or null when this build carries none
 * @param runningAsRoot whether the gateway runs as root (capabilities can be granted)
 * @param unprivilegedIcmp whether ping works without CAP_NET_RAW here
 */
public record BwrapCommand(
    String bwrap,
    List<String> systemView,
    List<String> fileDirectories,
    List<String> sshPaths,
    String fileReader,
    boolean runningAsRoot,
    boolean unprivilegedIcmp) {

  /** Where the reader binary appears inside the sandbox. */
  public static final String READER_IN_SANDBOX = "/run/itmcp/" + FileReader.PROGRAM;

  /** Bound in every view: the dynamic loader's cache. */
  public static final List<String> LOADER_FILES = List.of("/etc/ld.so.cache");

  /** ps and top: user and group names, the time zone. */
  public static final List<String> IDENTITY_FILES =
      List.of("/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/localtime");

  /**
   * The network tools: name resolution (resolv.conf, hosts, nsswitch.conf, host.conf, gai.conf),
   * service and protocol names, passwd/group (ssh needs an entry for its uid, tcpdump drops to its
   * user), the time zone, the CA certificates and OpenSSL's configuration (openssl s_client and
   * curl read /usr/lib/ssl/openssl.cnf, a link to it), and Debian's alternatives links (/usr/bin/nc
   * is one).
   */
  public static final List<String> NETWORK_FILES =
      List.of(
          "/etc/resolv.conf",
          "/etc/hosts",
          "/etc/nsswitch.conf",
          "/etc/host.conf",
          "/etc/gai.conf",
          "/etc/services",
          "/etc/protocols",
          "/etc/passwd",
          "/etc/group",
          "/etc/localtime",
          "/etc/ssl/certs",
          "/etc/ssl/openssl.cnf",
          "/etc/ca-certificates",
          "/etc/alternatives");

  public static final List<String> ENVIRONMENT =
      List.of(
          "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "LANG", "C.UTF-8",
          "HOME", "/tmp");

  /** What one command may see. */
  public enum View {
    FILE_READ,
    PROCESSES,
    NETWORK;

    private static final Set<String> PROCESS_TOOLS = Set.of("ps", "top");

    /** The view of an argv: the reader, the process tools, or everything else. */
    public static View of(List<String> argv) {
      String program = argv.get(0);
      if (program.equals(FileReader.PROGRAM)) {
        return FILE_READ;
      }
      return PROCESS_TOOLS.contains(program) ? PROCESSES : NETWORK;
    }
  }

  public BwrapCommand {
    systemView = List.copyOf(systemView);
    fileDirectories = List.copyOf(fileDirectories);
    sshPaths = List.copyOf(sshPaths);
  }

  /** A session without allowed directories or ssh paths (e.g. the availability probe). */
  public static BwrapCommand basic(
      String bwrap, List<String> systemView, boolean runningAsRoot, boolean unprivilegedIcmp) {
    return new BwrapCommand(
        bwrap, systemView, List.of(), List.of(), null, runningAsRoot, unprivilegedIcmp);
  }

  /**
   * The full command: bubblewrap settings, {@code --}, then the tool's argv (the reader at its
   * sandbox path).
   */
  public List<String> wrap(List<String> argv, ExecTarget target) {
    List<String> cmd = new ArrayList<>(List.of(bwrap));
    cmd.addAll(settings(argv, target));
    cmd.add("--");
    if (View.of(argv) == View.FILE_READ) {
      cmd.add(READER_IN_SANDBOX);
      cmd.addAll(argv.subList(1, argv.size()));
    } else {
      cmd.addAll(argv);
    }
    return cmd;
  }

  /** Everything between {@code bwrap} and {@code --} for this argv. */
  public List<String> settings(List<String> argv, ExecTarget target) {
    if (systemView.isEmpty()) {
      throw new IllegalStateException(
          "this host has no /usr to show inside the sandbox; the local runtime needs a "
              + "merged-/usr or classic Linux layout (use --runtime kubernetes elsewhere)");
    }
    View view = View.of(argv);
    List<String> cmd = new ArrayList<>(systemView);
    bindFiles(cmd, LOADER_FILES);
    switch (view) {
      case PROCESSES -> bindFiles(cmd, IDENTITY_FILES);
      case NETWORK -> bindFiles(cmd, NETWORK_FILES);
      case FILE_READ -> {
        if (fileReader == null) {
          throw new IllegalStateException(LocalSandboxRuntime.NO_READER);
        }
        cmd.addAll(List.of("--ro-bind", fileReader, READER_IN_SANDBOX));
      }
    }
    cmd.addAll(List.of("--dev", "/dev"));
    if (view == View.PROCESSES) {
      cmd.addAll(List.of("--proc", "/proc"));
    }
    cmd.addAll(List.of("--tmpfs", "/tmp"));
    // After the private /tmp, so that what lies under /tmp is bound on top of it.
    if (view == View.FILE_READ) {
      bindFiles(cmd, fileDirectories);
    } else if (argv.get(0).equals("ssh")) {
      bindFiles(cmd, sshPaths);
    }
    // The root bubblewrap builds is a tmpfs; once everything is bound it becomes read-only (/tmp
    // stays writable).
    cmd.addAll(List.of("--remount-ro", "/"));
    cmd.addAll(
        List.of(
            "--unshare-pid",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--hostname",
            "itmcp-sandbox",
            "--die-with-parent",
            "--new-session",
            "--cap-drop",
            "ALL"));
    for (String cap : capabilities(argv, target)) {
      cmd.addAll(List.of("--cap-add", cap));
    }
    cmd.add("--clearenv");
    for (int i = 0; i < ENVIRONMENT.size(); i += 2) {
      cmd.addAll(List.of("--setenv", ENVIRONMENT.get(i), ENVIRONMENT.get(i + 1)));
    }
    cmd.addAll(List.of("--chdir", "/tmp"));
    return cmd;
  }

  /**
   * Read-only binds that are skipped when the host has no such path (bubblewrap follows a symlinked
   * source).
   */
  private static void bindFiles(List<String> cmd, List<String> paths) {
    for (String path : paths) {
      cmd.addAll(List.of("--ro-bind-try", path, path));
    }
  }

  List<String> capabilities(List<String> argv, ExecTarget target) {
    if (!runningAsRoot) {
      return List.of();
    }
    if (target == ExecTarget.CAPTURE) {
      return List.of("CAP_NET_RAW", "CAP_SETUID", "CAP_SETGID");
    }
    if (sendsIcmpEcho(argv) && !unprivilegedIcmp) {
      return List.of("CAP_NET_RAW");
    }
    return List.of();
  }

  /**
   * ping, and traceroute probing with ICMP ({@code -I}): both use ping sockets where the host
   * allows them.
   */
  private static boolean sendsIcmpEcho(List<String> argv) {
    String program = argv.get(0);
    return program.equals("ping") || program.equals("traceroute.db") && argv.contains("-I");
  }
}
