package io.itmcp.gateway.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP runs an action (the policy reload), as daemons conventionally do. The JDK has no supported
 * signal API: this uses {@code sun.misc.Signal} (module jdk.unsupported, present in every JDK the
 * gateway runs on). Where the signal cannot be handled (a JVM started with {@code -Xrs}, a platform
 * without SIGHUP), the gateway says so and goes on without it.
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
      return new HangupSignal(Signal.handle(HUP, signal -> action.run()));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.warn(
          "SIGHUP cannot be handled here ({}); the policy is reloaded when its file changes",
          e.getMessage());
      return null;
    }
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
