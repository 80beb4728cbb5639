package io.itmcp.gateway.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP runs an action (the policy reload), as daemons conventionally do. The JDK has no supported
 * signal API: this uses {@code sun.misc.Signal} (module jdk.unsupported, present in every JDK the
 * gateway runs on). Where the signal cannot be handled (a JVM started with {@code -Xrs}, a platform
 * without SIGHUP, a process that ignores SIGHUP because it was started under {@code nohup}), the
 * gateway says so and goes on without it.
 *
 * <p>Why the last case is checked: a JVM that starts with SIGHUP ignored installs no handler for
 * it, yet {@code Signal.handle} returns normally, giving back {@code SIG_IGN} as the previous
 * handler; without this check the gateway would promise reloads on SIGHUP that never come.
 */
final class HangupSignal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);
  private static final Signal HUP = new Signal("HUP");

  private final SignalHandler previous;

  private HangupSignal(SignalHandler previous) {
    this.previous = previous;
  }

  /** Handles SIGHUP with {@code action} until closed; null when this JVM cannot handle it. */
  static HangupSignal install(Runnable action) {
    try {
      SignalHandler previous = Signal.handle(HUP, signal -> action.run());
      if (ignoredAtStart(previous)) {
        Signal.handle(HUP, previous);
        LOG.warn(
            "SIGHUP is ignored by this process (started under nohup or the like), so it cannot"
                + " reload the policy; the policy is reloaded when its file changes");
        return null;
      }
      return new HangupSignal(previous);
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.warn(
          "SIGHUP cannot be handled here ({}); the policy is reloaded when its file changes",
          e.getMessage());
      return null;
    }
  }

  /**
   * Whether the handler {@code Signal.handle} gave back says the JVM installed none: for SIGHUP it
   * gives back {@code SIG_IGN} exactly when the signal was ignored, and then installs nothing.
   */
  static boolean ignoredAtStart(SignalHandler previous) {
    return previous == SignalHandler.SIG_IGN;
  }

  /** Sends SIGHUP to this process (tests). */
  static void raise() {
    Signal.raise(HUP);
  }

  @Override
  public void close() {
    Signal.handle(HUP, previous);
  }
}
