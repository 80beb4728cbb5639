package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.itmcp.api.testing.ValidatingCrudDispatcher;
import io.itmcp.testkit.kubernetes.MockApiServers;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode, knowing both ITMCP kinds with their status subresource
 * ({@link MockApiServers#ITMCP_KINDS}; loading that class also quiets the mock's request log), and
 * refusing with 422 what a real API server refuses: custom resources that break the generated CRD
 * schema or its CEL rules, bad names and labels, invalid pods ({@link ValidatingCrudDispatcher}).
 */
public final class MockCluster implements AutoCloseable {
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final ValidatingCrudDispatcher dispatcher;

  public MockCluster() {
    dispatcher = new ValidatingCrudDispatcher(MockApiServers.ITMCP_KINDS);
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
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
