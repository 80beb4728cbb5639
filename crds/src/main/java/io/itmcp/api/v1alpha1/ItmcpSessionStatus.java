package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** What the operator made of a session. */
public class ItmcpSessionStatus {

  /** Pending, Ready, Expired, Failed or Terminating. */
  @Size(max = 11)
  private SessionPhase phase;

  /** The sandbox pod. */
  @Size(max = 253)
  @Pattern(SchemaPatterns.DNS1123_SUBDOMAIN)
  private String podName;

  /** The sandbox pod's IP. */
  @Size(max = 39)
  @Pattern(SchemaPatterns.IP_ADDRESS)
  private String podIP;

  /** PolicyResolved, EgressReady, PodReady, Ready. */
  @Size(max = StatusBounds.CONDITIONS)
  private List<io.fabric8.kubernetes.api.model.Condition> conditions;

  /** When the TTL ends (RFC 3339). */
  @Size(max = 64)
  @Pattern(SchemaPatterns.RFC3339)
  private String expiresAt;

  /** Last tool call the gateway reported (RFC 3339). */
  @Size(max = 64)
  @Pattern(SchemaPatterns.RFC3339)
  private String lastActivityTime;

  /** The egress actually rendered. */
  private EgressStatus egress;

  /** What a person needs to know, above all when something failed. */
  @Size(max = StatusBounds.MESSAGE)
  private String message;

  /** The spec generation this status describes. */
  @Min(0)
  private Long observedGeneration;

  public SessionPhase getPhase() {
    return phase;
  }

  public void setPhase(SessionPhase phase) {
    this.phase = phase;
  }

  public String getPodName() {
    return podName;
  }

  public void setPodName(String podName) {
    this.podName = podName;
  }

  public String getPodIP() {
    return podIP;
  }

  public void setPodIP(String podIP) {
    this.podIP = podIP;
  }

  public List<io.fabric8.kubernetes.api.model.Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<io.fabric8.kubernetes.api.model.Condition> conditions) {
    this.conditions = conditions;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public String getLastActivityTime() {
    return lastActivityTime;
  }

  public void setLastActivityTime(String lastActivityTime) {
    this.lastActivityTime = lastActivityTime;
  }

  public EgressStatus getEgress() {
    return egress;
  }

  public void setEgress(EgressStatus egress) {
    this.egress = egress;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }
}
