package io.itmcp.gateway.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What reloads a local gateway's policy file while it runs: a change of the file (settled for
 * {@link #QUIET}, so a save is read once) and SIGHUP (at once).
 */
final class PolicyReloading implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyReloading.class);

  /** How long the file must stay unchanged before it is read again. */
  static final Duration QUIET = Duration.ofMillis(500);

  private final PolicyFileWatcher watcher;
  private final HangupSignal hangup;

  private PolicyReloading(PolicyFileWatcher watcher, HangupSignal hangup) {
    this.watcher = watcher;
    this.hangup = hangup;
  }

  /**
   * Starts watching {@code file} and handling SIGHUP.
   *
   * @param scheduler where a change waits {@link #QUIET} before the reload runs
   * @param handleHangup whether to take SIGHUP (a test of the file watch leaves the process's
   *     signals alone)
   */
  static PolicyReloading start(
      Path file, PolicyReloader reloader, Debouncer.Scheduler scheduler, boolean handleHangup) {
    Debouncer debouncer =
        new Debouncer(scheduler, QUIET, () -> reloader.reload("the file changed"));
    PolicyFileWatcher watcher = null;
    try {
      watcher = PolicyFileWatcher.start(file, debouncer::trigger);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "cannot watch the policy file {} ({}); send SIGHUP to reload it", file, e.toString());
    }
    HangupSignal hangup =
        handleHangup ? HangupSignal.install(() -> reloader.reload("SIGHUP")) : null;
    // an edit between the first read and the start of the watch has no event of its own
    reloader.reloadIfChanged("it changed while the gateway started");
    return new PolicyReloading(watcher, hangup);
  }

  @Override
  public void close() {
    if (hangup != null) {
      hangup.close();
    }
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException ignored) {
        // shutting down anyway
      }
    }
  }
}
