package io.itmcp.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpPolicySpec;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.ItmcpSessionSpec;
import io.itmcp.api.v1alpha1.LimitsSpec;
import io.itmcp.api.v1alpha1.PolicyRef;
import io.itmcp.api.v1alpha1.SandboxSpec;
import io.itmcp.api.v1alpha1.SessionUser;
import io.itmcp.api.v1alpha1.ToolName;
import java.util.List;

/** Policies and sessions for tests. */
public final class Fixtures {
  public static final String NAMESPACE = "sandboxes";

  private Fixtures() {}

  public static ItmcpPolicy policy(String name, List<String> allowedHosts) {
    ItmcpPolicy policy = new ItmcpPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    ItmcpPolicySpec spec = new ItmcpPolicySpec();
    spec.setAllowedHosts(allowedHosts);
    spec.setTools(
        List.of(ToolName.PING, ToolName.DIG, ToolName.NSLOOKUP, ToolName.TELNET, ToolName.CAT));
    SandboxSpec sandbox = new SandboxSpec();
    sandbox.setTtlSeconds(3600L);
    sandbox.setIdleTimeoutSeconds(900L);
    spec.setSandbox(sandbox);
    spec.setLimits(new LimitsSpec());
    policy.setSpec(spec);
    return policy;
  }

  public static ItmcpSession session(String name, String policy, String user) {
    ItmcpSession session = new ItmcpSession();
    session.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    ItmcpSessionSpec spec = new ItmcpSessionSpec();
    PolicyRef ref = new PolicyRef();
    ref.setName(policy);
    spec.setPolicyRef(ref);
    SessionUser who = new SessionUser();
    who.setName(user);
    spec.setUser(who);
    session.setSpec(spec);
    return session;
  }
}
