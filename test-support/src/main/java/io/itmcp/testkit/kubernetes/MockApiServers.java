package io.itmcp.testkit.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.itmcp.api.v1alpha1.ApiGroup;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock API server as the tests use it: CRUD mode knowing both ITMCP kinds, on loopback.
 */
public final class MockApiServers {
  /** Held so the level sticks: the mock logs every request through java.util.logging at INFO. */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(Level.WARNING);
  }

  /**
   * ItmcpSession and ItmcpPolicy as their CRDs declare them: namespaced, with a status subresource.
   */
  public static final List<CustomResourceDefinitionContext> ITMCP_KINDS =
      List.of(crd("itmcpsessions", "ItmcpSession"), crd("itmcppolicies", "ItmcpPolicy"));

  private MockApiServers() {}

  /**
   * Stores what is written and answers reads and watches, for the built-in kinds and {@link
   * #ITMCP_KINDS}.
   */
  public static KubernetesCrudDispatcher crud() {
    return new KubernetesCrudDispatcher(ITMCP_KINDS);
  }

  /** A mock API server on a free loopback port, every request answered by {@code dispatcher}. */
  public static KubernetesMockServer start(Dispatcher dispatcher) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            dispatcher,
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    return server;
  }

  private static CustomResourceDefinitionContext crd(String plural, String kind) {
    return new CustomResourceDefinitionContext.Builder()
        .withName(plural + "." + ApiGroup.GROUP)
        .withGroup(ApiGroup.GROUP)
        .withVersion(ApiGroup.VERSION)
        .withPlural(plural)
        .withKind(kind)
        .withScope("Namespaced")
        .withStatusSubresource(true)
        .build();
  }
}
