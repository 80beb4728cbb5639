package io.itmcp.gateway.runtime.kubernetes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts an argv under the sandbox image's {@code itmcp-deadline} so the deadline holds inside the
 * pod; pure.
 *
 * <p>Why: closing a pod exec connection (what the gateway does at its deadline or on cancellation)
 * does not reliably kill the process in the container; the kubelet and container runtime may leave
 * it running. {@code itmcp-deadline} ({@code sandbox-image/deadline/itmcp-deadline.c}) keeps
 * coreutils {@code timeout}'s contract and argument form: it makes itself a process-group leader,
 * sends TERM to the whole group at the deadline, and KILL after the grace, so the tool and anything
 * it started end in the pod as well. No shell is involved: it execs the argv directly. It exits 124
 * when the deadline struck (137 when KILL was needed). It replaces {@code timeout} because it is
 * static: every exec runs under it, and {@code timeout}'s own start cost ~2 ms more per exec.
 */
public final class DeadlineArgv {

  public static final String PROGRAM = "itmcp-deadline";
  public static final int EXIT_TIMED_OUT = 124;
  public static final int EXIT_KILLED = 137;

  private DeadlineArgv() {}

  public static List<String> wrap(List<String> argv, Duration deadline, Duration killGrace) {
    List<String> wrapped = new ArrayList<>(argv.size() + 4);
    wrapped.add(PROGRAM);
    wrapped.add("--kill-after=" + seconds(killGrace));
    wrapped.add("--signal=TERM");
    wrapped.add(seconds(deadline));
    wrapped.addAll(argv);
    return wrapped;
  }

  /** Decimal seconds with millisecond precision, the duration format timeout reads. */
  static String seconds(Duration duration) {
    long millis = Math.max(1, duration.toMillis());
    return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
  }
}
