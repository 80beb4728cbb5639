package io.itmcp.operator.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When a pool that recent claims left short may refill; pure. A pod claimed moments ago is serving
 * its session's first calls, and a refill pod started beside it (on a small cluster, on the same
 * node) competes with those calls for the node's CPU and container runtime. So the replacements
 * wait until no claim came for {@code delay}: a burst's refills start together after its last
 * claim. They never wait longer than {@link #MAX_WAIT_FACTOR} times the delay after the oldest
 * claim they replace, so claims arriving without pause cannot starve the pool. Any other shortfall
 * (the first fill, a failed or deleted pool pod, claims older than that) refills at once.
 *
 * @param delay the quiet time after the last claim before its replacement starts; zero refills at
 *     once
 */
public record RefillHoldoff(Duration delay) {

  /** The longest a replacement waits, in delays after the claim it replaces. */
  public static final int MAX_WAIT_FACTOR = 5;

  public RefillHoldoff {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("a refill delay cannot be negative: " + delay);
    }
  }

  /**
   * The instant the refill is due, or empty to refill now.
   *
   * @param shortfall pool pods missing from the target
   * @param claimTimes when the policy's claimed pods still running were claimed
   */
  public Optional<Instant> due(int shortfall, List<Instant> claimTimes, Instant now) {
    if (shortfall <= 0 || delay.isZero() || claimTimes.size() < shortfall) {
      return Optional.empty();
    }
    // the shortfall stands for the most recent claims
    List<Instant> newestFirst = claimTimes.stream().sorted(Comparator.reverseOrder()).toList();
    Instant newest = newestFirst.get(0);
    Instant oldestReplaced = newestFirst.get(shortfall - 1);
    Instant quiet = newest.plus(delay);
    Instant latest = oldestReplaced.plus(delay.multipliedBy(MAX_WAIT_FACTOR));
    Instant due = quiet.isBefore(latest) ? quiet : latest;
    return now.isBefore(due) ? Optional.of(due) : Optional.empty();
  }
}
