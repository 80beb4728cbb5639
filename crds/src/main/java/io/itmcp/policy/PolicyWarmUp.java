package io.itmcp.policy;

/**
 * For a process that reads a policy file within its first second (a stdio gateway): makes, on a
 * daemon thread and while the caller parses its command line, Jackson's reader of an ItmcpPolicy
 * manifest (its deserializers, built once per mapper), which the caller needs next. Nothing is
 * skipped or added: the reader uses what is ready and makes what is not. The CRD's CEL rules are
 * not among it: a stdio gateway checks them only after it answered {@code initialize}, and a
 * warm-up of them would compete with that answer for the CPU. A class of its own, so that starting
 * it loads nothing on the caller's thread (PolicyLoader's class would build its mapper there).
 */
public final class PolicyWarmUp {

  private PolicyWarmUp() {}

  public static void startInBackground() {
    startInBackground(() -> {});
  }

  /**
   * As {@link #startInBackground()}, then {@code next} on the same thread: what the caller needs
   * after the policy (a failure of it is left to the caller's thread, which meets it in line).
   */
  public static void startInBackground(Runnable next) {
    startInBackground(() -> {}, next);
  }

  /**
   * As {@link #startInBackground(Runnable)}, {@code first} before the policy's reader: what the
   * caller needs even sooner.
   */
  public static void startInBackground(Runnable first, Runnable next) {
    Thread warmUp =
        new Thread(
            () -> {
              try {
                first.run();
              } catch (RuntimeException e) {
                // the caller meets the same failure in line and reports it there
              }
              try {
                PolicyLoader.prepareReader();
              } catch (RuntimeException e) {
                // the reader meets the same failure in line and reports it there
              }
              try {
                next.run();
              } catch (RuntimeException e) {
                // as above
              }
            },
            "itmcp-policy-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
  }
}
