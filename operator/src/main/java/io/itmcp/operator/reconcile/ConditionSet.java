package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sets standard conditions, keeping {@code lastTransitionTime} when the status of a condition does
 * not change, so an unchanged status is written as exactly the same object. Pure. The condition
 * types of a session are in {@link io.itmcp.api.v1alpha1.SessionContract}.
 */
public final class ConditionSet {
  private final List<Condition> previous;
  private final List<Condition> conditions = new ArrayList<>();
  private final Instant now;
  private final Long generation;

  public ConditionSet(List<Condition> previous, Instant now, Long generation) {
    this.previous = previous == null ? List.of() : previous;
    this.now = now;
    this.generation = generation;
  }

  public ConditionSet set(String type, boolean status, String reason, String message) {
    String value = status ? "True" : "False";
    String since =
        previous.stream()
            .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(now.toString());
    conditions.removeIf(c -> type.equals(c.getType()));
    conditions.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message)
            .withLastTransitionTime(since)
            .withObservedGeneration(generation)
            .build());
    return this;
  }

  public List<Condition> build() {
    return List.copyOf(conditions);
  }
}
