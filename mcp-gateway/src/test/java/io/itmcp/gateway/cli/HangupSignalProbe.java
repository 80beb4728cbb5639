package io.itmcp.gateway.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: a process that installs the gateway's SIGHUP handling, raises SIGHUP at itself and
 * prints what happened ({@code not installed}, {@code ran} or {@code did not run}); {@link
 * HangupSignalTest} starts it with SIGHUP ignored and not.
 */
public final class HangupSignalProbe {
  private HangupSignalProbe() {}

  public static void main(String[] args) throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);
    HangupSignal hangup = HangupSignal.install(ran::countDown);
    if (hangup == null) {
      System.out.println("not installed");
      return;
    }
    try (hangup) {
      HangupSignal.raise();
      System.out.println(ran.await(10, TimeUnit.SECONDS) ? "ran" : "did not run");
    }
  }
}
