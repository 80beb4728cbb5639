package io.itmcp.gateway.runtime.kubernetes;

import io.itmcp.api.v1alpha1.ItmcpPolicy;

/**
 * The ItmcpPolicies of the sandbox namespace as a watch last delivered them, and the watch's own
 * state, from which {@link PolicyStoreCurrency} decides whether that copy may answer at all.
 */
interface PolicyWatch extends AutoCloseable {

  /** No watch: every lookup reads live. */
  PolicyWatch NONE =
      new PolicyWatch() {
        @Override
        public PolicyStoreCurrency.WatchState state() {
          return PolicyStoreCurrency.WatchState.NONE;
        }

        @Override
        public ItmcpPolicy stored(String name) {
          return null;
        }

        @Override
        public void close() {}
      };

  PolicyStoreCurrency.WatchState state();

  /** The policy {@code name} in the store, or null when the store holds none. */
  ItmcpPolicy stored(String name);

  /** Stops watching; from then on {@link #state()} is not current. */
  @Override
  void close();
}
