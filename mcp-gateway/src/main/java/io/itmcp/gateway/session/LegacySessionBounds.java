package io.itmcp.gateway.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * How many legacy MCP sessions (those opened with {@code initialize}) this gateway replica keeps.
 * They cost only memory here (sandboxes are counted by {@code limits.maxSessions} and {@code
 * limits.maxSessionsPerUser}), and many clients never close them, so reaching a bound never refuses
 * a new session: the least recently used session of that user (or of all users) is forgotten, and
 * its client gets 404 on its next request and initializes again.
 *
 * @param perUser sessions kept per user, across policies
 * @param total sessions kept in all
 */
public record LegacySessionBounds(int perUser, int total) {

  public static final int DEFAULT_PER_USER = 16;
  public static final int DEFAULT_TOTAL = 4096;

  public LegacySessionBounds {
    if (perUser < 1 || total < 1 || perUser > total) {
      throw new IllegalArgumentException(
          "legacy MCP session bounds must be at least 1 and the per-user bound at most"
              + " the total (got "
              + perUser
              + " per user, "
              + total
              + " in all)");
    }
  }

  public static LegacySessionBounds defaults() {
    return new LegacySessionBounds(DEFAULT_PER_USER, DEFAULT_TOTAL);
  }

  /**
   * The sessions to forget now that {@code opened} joined {@code live} (which holds it): first the
   * least recently used of its user's beyond {@link #perUser}, then the least recently used of all
   * beyond {@link #total}; idle sessions before busy ones, never {@code opened} itself.
   */
  List<GatewaySession> toForget(Collection<GatewaySession> live, GatewaySession opened) {
    List<GatewaySession> forgotten = new ArrayList<>();
    String user = opened.identity().user();
    List<GatewaySession> ofUser =
        live.stream().filter(s -> s.identity().user().equals(user)).toList();
    forgetLeastRecentlyUsed(ofUser, perUser, opened, forgotten);
    forgetLeastRecentlyUsed(live, total, opened, forgotten);
    return forgotten;
  }

  /** Why a session was forgotten, in the log: the rule, its flags and what is kept. */
  String whyForgotten() {
    return "the least recently used beyond the bound of "
        + perUser
        + " MCP sessions per user and "
        + total
        + " in all on this replica (--max-mcp-sessions-per-user, --max-mcp-sessions); its client gets 404 and"
        + " initializes again";
  }

  private static void forgetLeastRecentlyUsed(
      Collection<GatewaySession> among,
      int bound,
      GatewaySession keep,
      List<GatewaySession> forgotten) {
    List<Use> candidates = new ArrayList<>();
    for (GatewaySession s : among) {
      if (s != keep && !forgotten.contains(s)) {
        candidates.add(new Use(s, s.busy(), s.lastActivityNanos()));
      }
    }
    int count = among.size() - (int) among.stream().filter(forgotten::contains).count();
    candidates.sort(Comparator.comparing(Use::busy).thenComparingLong(Use::lastActivityNanos));
    for (Use victim : candidates) {
      if (count <= bound) {
        return;
      }
      forgotten.add(victim.session());
      count--;
    }
  }

  /**
   * A session's use read once, so calls starting or ending while the candidates are sorted cannot
   * upset the order.
   */
  private record Use(GatewaySession session, boolean busy, long lastActivityNanos) {}
}
