package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** How the operator builds a session's sandbox pod. */
@ValidationRule(
    value =
        "!has(self.ttlSeconds) || !has(self.idleTimeoutSeconds) || self.idleTimeoutSeconds <= self.ttlSeconds",
    message = "idleTimeoutSeconds must not exceed ttlSeconds",
    reason = "FieldValueInvalid",
    fieldPath = ".idleTimeoutSeconds")
public class SandboxSpec {

  /** Sandbox container image. */
  @Size(min = 1, max = 512)
  @Pattern(SchemaPatterns.IMAGE)
  private String image;

  /**
   * Requests and limits of the sandbox container; a request above its limit is refused when a
   * session renders.
   */
  @ValidationRule(
      value = "!has(self.claims) || size(self.claims) == 0",
      message = "resources.claims is not supported: the sandbox pod declares no resource claims",
      reason = "FieldValueForbidden",
      fieldPath = ".claims")
  private io.fabric8.kubernetes.api.model.ResourceRequirements resources;

  /** RuntimeClass (gVisor, Kata) for a stronger boundary. */
  @Size(min = 1, max = 253)
  @Pattern(SchemaPatterns.DNS1123_SUBDOMAIN)
  private String runtimeClassName;

  /** Node selector of the sandbox pod. */
  @Size(max = 32)
  // A length bound only (see SshSpec.users); the kubelet's own validation refuses a malformed key.
  @ValidationRule(
      value = "self.all(k, size(k) <= 317)",
      message = "nodeSelector keys are label keys of at most 317 characters")
  private Map<String, @Size(max = 63) @Pattern(SchemaPatterns.LABEL_VALUE) String> nodeSelector;

  /** Tolerations of the sandbox pod. */
  @Size(max = 32)
  private List<SandboxToleration> tolerations;

  /** Read-only ConfigMap or PVC mounts at allowed directories. */
  @Size(max = 16)
  @ValidationRule(
      value = "self.all(m, self.exists_one(n, n.name == m.name))",
      message = "mount names must be unique",
      reason = "FieldValueDuplicate")
  @ValidationRule(
      value = "self.all(m, self.exists_one(n, n.mountPath == m.mountPath))",
      message = "mount paths must be unique",
      reason = "FieldValueDuplicate")
  private List<SandboxMount> mounts;

  /** Maximum session lifetime in seconds. */
  @Min(60)
  @Max(86400)
  private Long ttlSeconds;

  /** A session idle this long is ended. */
  @Min(30)
  @Max(86400)
  private Long idleTimeoutSeconds;

  /**
   * Which calls share a sandbox: PerCaller (default; one per user, policy and MCP client name, kept
   * while calls keep it active) or PerMcpSession (one per legacy MCP session, ended with it).
   */
  @Size(max = 13)
  private SandboxSharing sharing;

  /**
   * Ready pods the operator keeps for new sessions of this policy (belonging to no caller until
   * claimed).
   */
  private WarmPoolSpec warmPool;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public io.fabric8.kubernetes.api.model.ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(io.fabric8.kubernetes.api.model.ResourceRequirements resources) {
    this.resources = resources;
  }

  public String getRuntimeClassName() {
    return runtimeClassName;
  }

  public void setRuntimeClassName(String runtimeClassName) {
    this.runtimeClassName = runtimeClassName;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<SandboxToleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<SandboxToleration> tolerations) {
    this.tolerations = tolerations;
  }

  public List<SandboxMount> getMounts() {
    return mounts;
  }

  public void setMounts(List<SandboxMount> mounts) {
    this.mounts = mounts;
  }

  public Long getTtlSeconds() {
    return ttlSeconds;
  }

  public void setTtlSeconds(Long ttlSeconds) {
    this.ttlSeconds = ttlSeconds;
  }

  public Long getIdleTimeoutSeconds() {
    return idleTimeoutSeconds;
  }

  public void setIdleTimeoutSeconds(Long idleTimeoutSeconds) {
    this.idleTimeoutSeconds = idleTimeoutSeconds;
  }

  public SandboxSharing getSharing() {
    return sharing;
  }

  public void setSharing(SandboxSharing sharing) {
    this.sharing = sharing;
  }

  public WarmPoolSpec getWarmPool() {
    return warmPool;
  }

  public void setWarmPool(WarmPoolSpec warmPool) {
    this.warmPool = warmPool;
  }
}
