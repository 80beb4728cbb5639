package io.itmcp.gateway.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.itmcp.api.v1alpha1.ClientInfo;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.ItmcpSessionSpec;
import io.itmcp.api.v1alpha1.PolicyRef;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionNaming;
import io.itmcp.api.v1alpha1.SessionUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** The ItmcpSession the gateway creates for an MCP session; pure. */
public final class SessionManifest {

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "itmcp-gateway";
  private static final int MAX_CLIENT_FIELD = 128;

  private SessionManifest() {
  }

  public static ItmcpSession of(SessionRequest request, String namespace) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(SessionContract.POLICY_LABEL, SessionNaming.labelValue(request.policy().name()));
    labels.put(SessionContract.USER_LABEL, SessionNaming.labelValue(request.identity().user()));
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);

    PolicyRef policyRef = new PolicyRef();
    policyRef.setName(request.policy().name());
    SessionUser user = new SessionUser();
    user.setName(request.identity().user());
    user.setGroups(new ArrayList<>(request.identity().groups()));
    ItmcpSessionSpec spec = new ItmcpSessionSpec();
    spec.setPolicyRef(policyRef);
    spec.setUser(user);
    if (request.clientName() != null || request.clientVersion() != null) {
      ClientInfo client = new ClientInfo();
      client.setName(cut(request.clientName()));
      client.setVersion(cut(request.clientVersion()));
      spec.setClient(client);
    }
    Duration ttl = request.policy().limits() == null ? null : request.policy().limits().ttl();
    if (ttl != null && !ttl.isZero() && !ttl.isNegative()) {
      spec.setTtlSeconds(ttl.toSeconds());
    }

    ItmcpSession session = new ItmcpSession();
    session.setMetadata(new ObjectMetaBuilder()
        .withName(SessionNaming.forMcpSession(request.mcpSessionId()))
        .withNamespace(namespace)
        .withLabels(labels)
        .build());
    session.setSpec(spec);
    return session;
  }

  /** Client name and version come from the client; keep them short and printable. */
  private static String cut(String value) {
    if (value == null) {
      return null;
    }
    String printable = value.codePoints().filter(cp -> !Character.isISOControl(cp))
        .limit(MAX_CLIENT_FIELD)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
    return printable;
  }
}
