package io.itmcp.gateway.session;

/**
 * How many legacy MCP sessions (those opened with {@code initialize}) this gateway replica keeps.
 * They cost only memory here (sandboxes are counted by {@code limits.maxSessions} and
 * {@code limits.maxSessionsPerUser}), and many clients never close them, so reaching a bound never
 * refuses a new session: the least recently used session of that user (or of all users) is
 * forgotten, and its client gets 404 on its next request and initializes again.
 *
 * @param perUser sessions kept per user, across policies
 * @param total sessions kept in all
 */
public record LegacySessionBounds(int perUser, int total) {

  public static final int DEFAULT_PER_USER = 16;
  public static final int DEFAULT_TOTAL = 4096;

  public LegacySessionBounds {
    if (perUser < 1 || total < 1 || perUser > total) {
      throw new IllegalArgumentException("legacy MCP session bounds must be at least 1 and the per-user bound at most"
          + " the total (got " + perUser + " per user, " + total + " in all)");
    }
  }

  public static LegacySessionBounds defaults() {
    return new LegacySessionBounds(DEFAULT_PER_USER, DEFAULT_TOTAL);
  }
}
