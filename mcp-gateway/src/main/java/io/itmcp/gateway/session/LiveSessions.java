package io.itmcp.gateway.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live sessions of this replica by id: lookup, insert within {@link LegacySessionBounds}, and
 * remove. Thread-safe; an insert and the sessions it makes the bounds forget are one step.
 */
final class LiveSessions {

  /**
   * What an insert left live: the session under that id, and the sessions the bounds forgot for it.
   */
  record Inserted(GatewaySession session, List<GatewaySession> forgotten) {}

  private final LegacySessionBounds bounds;
  private final Map<String, GatewaySession> byId = new HashMap<>();

  LiveSessions(LegacySessionBounds bounds) {
    this.bounds = bounds;
  }

  synchronized Optional<GatewaySession> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * Inserts {@code session} unless its id is live already (then that one is answered, nothing
   * forgotten).
   */
  synchronized Inserted insert(GatewaySession session) {
    GatewaySession existing = byId.get(session.id());
    if (existing != null) {
      return new Inserted(existing, List.of());
    }
    byId.put(session.id(), session);
    List<GatewaySession> forgotten = bounds.toForget(new ArrayList<>(byId.values()), session);
    forgotten.forEach(s -> byId.remove(s.id()));
    return new Inserted(session, forgotten);
  }

  synchronized Optional<GatewaySession> remove(String id) {
    return Optional.ofNullable(byId.remove(id));
  }

  synchronized List<GatewaySession> all() {
    return new ArrayList<>(byId.values());
  }

  synchronized int count(String user) {
    return (int) byId.values().stream().filter(s -> s.identity().user().equals(user)).count();
  }

  synchronized int count() {
    return byId.size();
  }
}
