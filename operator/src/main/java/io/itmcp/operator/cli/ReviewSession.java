package io.itmcp.operator.cli;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.ItmcpSessionSpec;
import io.itmcp.api.v1alpha1.PolicyRef;
import io.itmcp.api.v1alpha1.SessionUser;

/**
 * The session {@code render} uses when none is given: what a policy produces does not depend on who
 * the user is beyond the labels, so a reviewer should not have to write an ItmcpSession.
 */
final class ReviewSession {
  static final String NAME = "review";
  static final String USER = "reviewer";

  private ReviewSession() {}

  static ItmcpSession of(ItmcpPolicy policy) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(NAME);
    meta.setNamespace(policy.getMetadata().getNamespace());
    PolicyRef ref = new PolicyRef();
    ref.setName(policy.getMetadata().getName());
    SessionUser user = new SessionUser();
    user.setName(USER);
    ItmcpSessionSpec spec = new ItmcpSessionSpec();
    spec.setPolicyRef(ref);
    spec.setUser(user);
    ItmcpSession session = new ItmcpSession();
    session.setMetadata(meta);
    session.setSpec(spec);
    return session;
  }
}
