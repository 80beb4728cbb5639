package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** One MCP session: who, with which client, under which policy. */
public class ItmcpSessionSpec {

  /** The policy this session runs under. */
  @Required
  @ValidationRule(
      value = "self == oldSelf",
      message = "policyRef is immutable",
      reason = "FieldValueForbidden")
  private PolicyRef policyRef;

  /** The authenticated identity. */
  @Required
  @ValidationRule(
      value = "self == oldSelf",
      message = "user is immutable",
      reason = "FieldValueForbidden")
  private SessionUser user;

  /** The MCP client. */
  private ClientInfo client;

  /** Lifetime; at most the policy's ttlSeconds. */
  @Min(60)
  @Max(86400)
  private Long ttlSeconds;

  public PolicyRef getPolicyRef() {
    return policyRef;
  }

  public void setPolicyRef(PolicyRef policyRef) {
    this.policyRef = policyRef;
  }

  public SessionUser getUser() {
    return user;
  }

  public void setUser(SessionUser user) {
    this.user = user;
  }

  public ClientInfo getClient() {
    return client;
  }

  public void setClient(ClientInfo client) {
    this.client = client;
  }

  public Long getTtlSeconds() {
    return ttlSeconds;
  }

  public void setTtlSeconds(Long ttlSeconds) {
    this.ttlSeconds = ttlSeconds;
  }
}
