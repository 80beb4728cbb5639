package io.itmcp.gateway.session;

import io.itmcp.policy.EffectivePolicy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one policy of a local gateway, replaced when its file is reloaded: every session reads it on
 * each call, so an edit holds from the next call on; listeners (the transports) hear of each
 * replacement to tell their clients that the tools changed.
 */
public final class ReloadablePolicy implements SessionPolicies {

  private static final Logger LOG = LoggerFactory.getLogger(ReloadablePolicy.class);

  private volatile EffectivePolicy current;
  private final List<Consumer<EffectivePolicy>> listeners = new CopyOnWriteArrayList<>();

  public ReloadablePolicy(EffectivePolicy initial) {
    this.current = initial;
  }

  @Override
  public String defaultName() {
    return current.name();
  }

  /** The policy as it is now, whatever name a session opened under. */
  @Override
  public EffectivePolicy current(String name) {
    return current;
  }

  public EffectivePolicy current() {
    return current;
  }

  /** From now on every call uses {@code next}; then the listeners hear of it. */
  public void replace(EffectivePolicy next) {
    current = next;
    for (Consumer<EffectivePolicy> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        LOG.warn("telling clients that the tools changed failed: {}", e.toString());
      }
    }
  }

  /** Calls {@code listener} with each replacement until the returned handle is closed. */
  @Override
  public AutoCloseable listen(Consumer<EffectivePolicy> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
