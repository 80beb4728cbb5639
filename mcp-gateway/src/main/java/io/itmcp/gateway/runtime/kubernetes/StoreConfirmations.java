package io.itmcp.gateway.runtime.kubernetes;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How long the watch's copy of a policy may answer since a live read last found it current. A watch
 * connection can stall without closing (a half-open TCP connection) and still report itself
 * connected until fabric8 replaces it at its 5–10 minute timeout; without a bound, an edit or a
 * deletion could wait that long. So each name's copy answers only for {@link #TRUSTED_FOR} after a
 * GET found the store holding the same version (or both holding none); after that, the next lookup
 * reads live once more, and a store found behind the API server is not trusted again until a later
 * GET finds it caught up. On a busy policy that is one GET per name per window instead of one per
 * call.
 */
final class StoreConfirmations {

  /** How long a confirmed copy answers without another live read. */
  static final Duration TRUSTED_FOR = Duration.ofSeconds(5);

  private final LongSupplier nanoClock;
  private final long trustedForNanos;
  private final Map<String, Long> confirmedAt = new ConcurrentHashMap<>();

  StoreConfirmations(LongSupplier nanoClock, Duration trustedFor) {
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.trustedForNanos = trustedFor.toNanos();
  }

  /** Whether the store's copy of {@code name} was found current within the window. */
  boolean trusted(String name) {
    Long at = confirmedAt.get(name);
    return at != null && nanoClock.getAsLong() - at < trustedForNanos;
  }

  /**
   * Records what a live read found beside the store: the window restarts when both hold the same
   * version of {@code name} (or neither holds it), and closes when they differ.
   *
   * @param liveVersion the resourceVersion the GET returned, null when there is no such policy
   * @param storedVersion the resourceVersion in the watch's store, null when it holds none
   */
  void compared(String name, String liveVersion, String storedVersion) {
    if (Objects.equals(liveVersion, storedVersion)) {
      confirmedAt.put(name, nanoClock.getAsLong());
    } else {
      confirmedAt.remove(name);
    }
  }
}
