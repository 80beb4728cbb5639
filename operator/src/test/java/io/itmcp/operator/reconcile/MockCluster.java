package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.itmcp.api.testing.ValidatingCrudDispatcher;
import io.itmcp.api.v1alpha1.ApiGroup;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;

/**
 * fabric8's mock API server in CRUD mode, knowing both ITMCP kinds with their status subresource,
 * and refusing with 422 what a real API server refuses: custom resources that break the generated
 * CRD schema or its CEL rules, bad names and labels, invalid pods ({@link ValidatingCrudDispatcher}).
 */
public final class MockCluster implements AutoCloseable {
  /** Held so the level sticks: the mock logs every request through java.util.logging at INFO. */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final ValidatingCrudDispatcher dispatcher;

  public MockCluster() {
    List<CustomResourceDefinitionContext> crds = List.of(crd("itmcpsessions", "ItmcpSession"),
        crd("itmcppolicies", "ItmcpPolicy"));
    dispatcher = new ValidatingCrudDispatcher(crds);
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
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

  /** The API server's admission: what it refused, and refusals a test installs. */
  public ValidatingCrudDispatcher apiServer() {
    return dispatcher;
  }

  public KubernetesClient client() {
    return client;
  }

  /** A second client, as a second operator process would have. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
