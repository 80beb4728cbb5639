package io.itmcp.gateway.auth.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The review requests the mock server has received since the last call. */
final class ReviewRequests {

  private ReviewRequests() {}

  static List<String> bodies(KubernetesMockServer server, String pathPart)
      throws InterruptedException {
    List<String> bodies = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(20, TimeUnit.MILLISECONDS)) != null) {
      if ("POST".equals(request.getMethod()) && request.getPath().contains(pathPart)) {
        bodies.add(request.getUtf8Body());
      }
    }
    return bodies;
  }
}
