package io.itmcp.operator.render;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.itmcp.api.v1alpha1.ApiGroup;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionNaming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Labels and owner references every object of a session carries. */
public final class SessionLabels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "itmcp-operator";

  private SessionLabels() {}

  public static Map<String, String> of(ItmcpSession session, String policyName) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(SessionContract.SESSION_LABEL, session.getMetadata().getName());
    // A policy name may have 253 characters, a label value 63: long names are cut and hashed, as
    // the gateway does.
    labels.put(SessionContract.POLICY_LABEL, SessionNaming.labelValue(policyName));
    labels.put(MANAGED_BY, OPERATOR);
    return labels;
  }

  /** Selects exactly the session's pod. */
  public static Map<String, String> selector(ItmcpSession session) {
    return Map.of(SessionContract.SESSION_LABEL, session.getMetadata().getName());
  }

  /**
   * The controller owner reference to the session; none for a session the API server has not stored
   * yet.
   */
  public static List<OwnerReference> owner(ItmcpSession session) {
    if (session.getMetadata().getUid() == null) {
      return List.of();
    }
    return List.of(
        new OwnerReferenceBuilder()
            .withApiVersion(ApiGroup.API_VERSION)
            .withKind("ItmcpSession")
            .withName(session.getMetadata().getName())
            .withUid(session.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build());
  }
}
