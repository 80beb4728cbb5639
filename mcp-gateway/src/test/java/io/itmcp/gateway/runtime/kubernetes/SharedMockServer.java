package io.itmcp.gateway.runtime.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.concurrent.TimeUnit;

/**
 * For a test class that shares one mock API server between its tests (static fields of an
 * {@code @EnableKubernetesMockClient} class): starting a server costs more than most tests.
 */
final class SharedMockServer {

  private SharedMockServer() {}

  /**
   * Empties the server before a test: no stored object, expectation or recorded request of the
   * previous test reaches the next.
   */
  static void clean(KubernetesMockServer server) throws InterruptedException {
    server.reset();
    while (server.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
      // a request of the previous test
    }
  }
}
