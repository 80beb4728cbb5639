package io.itmcp.gateway.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.itmcp.api.v1alpha1.ApiGroup;
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
import java.util.List;
import java.util.Map;

/**
 * The ItmcpSession the gateway creates for a caller (or, under PerMcpSession, an MCP session);
 * pure.
 */
public final class SessionManifest {

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "itmcp-gateway";

  /**
   * Set when the caller had more groups than {@code spec.user.groups} holds (OIDC and Entra ID
   * users often do): how many were kept of how many. Authorization never reads the session's groups
   * (it asks the API server with the caller's own token), so truncating loses only display.
   */
  public static final String GROUPS_TRUNCATED_ANNOTATION = ApiGroup.GROUP + "/groups-truncated";

  /** The CRD's bounds: spec.user.groups maxItems, spec.client.name and .version maxLength. */
  static final int MAX_GROUPS = 64;

  static final int MAX_CLIENT_NAME = 128;
  private static final int MAX_CLIENT_VERSION = 64;

  private SessionManifest() {}

  public static ItmcpSession of(SessionRequest request, String namespace) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(SessionContract.POLICY_LABEL, SessionNaming.labelValue(request.policy().name()));
    labels.put(SessionContract.USER_LABEL, SessionNaming.labelValue(request.identity().user()));
    if (!request.clientName().isEmpty()) {
      labels.put(SessionContract.CLIENT_LABEL, SessionNaming.labelValue(request.clientName()));
    }
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);

    PolicyRef policyRef = new PolicyRef();
    policyRef.setName(request.policy().name());
    SessionUser user = new SessionUser();
    user.setName(request.identity().user());
    List<String> groups = request.identity().groups();
    user.setGroups(new ArrayList<>(groups.subList(0, Math.min(groups.size(), MAX_GROUPS))));
    ItmcpSessionSpec spec = new ItmcpSessionSpec();
    spec.setPolicyRef(policyRef);
    spec.setUser(user);
    if (!request.clientName().isEmpty() || request.clientVersion() != null) {
      ClientInfo client = new ClientInfo();
      client.setName(
          request.clientName().isEmpty() ? null : cut(request.clientName(), MAX_CLIENT_NAME));
      client.setVersion(cut(request.clientVersion(), MAX_CLIENT_VERSION));
      spec.setClient(client);
    }
    Duration ttl = request.policy().limits() == null ? null : request.policy().limits().ttl();
    if (ttl != null && !ttl.isZero() && !ttl.isNegative()) {
      spec.setTtlSeconds(ttl.toSeconds());
    }

    ItmcpSession session = new ItmcpSession();
    session.setMetadata(
        new ObjectMetaBuilder()
            .withName(request.sessionName())
            .withNamespace(namespace)
            .withLabels(labels)
            .withAnnotations(
                groups.size() > MAX_GROUPS
                    ? Map.of(GROUPS_TRUNCATED_ANNOTATION, MAX_GROUPS + " of " + groups.size())
                    : null)
            .build());
    session.setSpec(spec);
    return session;
  }

  /** Client name and version come from the client; keep them short and printable. */
  static String cut(String value, int max) {
    if (value == null) {
      return null;
    }
    String printable =
        value
            .codePoints()
            .filter(cp -> !Character.isISOControl(cp))
            .limit(max)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    return printable;
  }
}
