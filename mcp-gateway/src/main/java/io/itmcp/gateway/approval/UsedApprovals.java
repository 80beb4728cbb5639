package io.itmcp.gateway.approval;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The approvals already spent, so that one approval runs its call once: a retry that repeats an
 * approved request state is refused. Kept in this process until the state could not be opened
 * anyway; a replica does not see another's (the README says so).
 */
public final class UsedApprovals {

  private static final int PURGE_ABOVE = 1024;
  private final Map<String, Long> spentUntil = new ConcurrentHashMap<>();

  /** Spends the approval {@code id}; false when it was spent before. */
  public boolean spend(String id, long nowMillis, long forgetAfterMillis) {
    if (spentUntil.size() > PURGE_ABOVE) {
      spentUntil.values().removeIf(until -> until < nowMillis);
    }
    return spentUntil.putIfAbsent(id, forgetAfterMillis) == null;
  }
}
