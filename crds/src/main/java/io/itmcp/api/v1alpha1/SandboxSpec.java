package io.itmcp.api.v1alpha1;

import java.util.List;
import java.util.Map;

/** How the operator builds a session's sandbox pod. */
public class SandboxSpec {

  /** Sandbox container image. */
  private String image;
  /** Requests and limits of the sandbox container. */
  private io.fabric8.kubernetes.api.model.ResourceRequirements resources;
  /** RuntimeClass (gVisor, Kata) for a stronger boundary. */
  private String runtimeClassName;
  /** Node selector of the sandbox pod. */
  private Map<String, String> nodeSelector;
  /** Tolerations of the sandbox pod. */
  private List<io.fabric8.kubernetes.api.model.Toleration> tolerations;
  /** Read-only ConfigMap or PVC mounts at allowed directories. */
  private List<SandboxMount> mounts;
  /** Maximum session lifetime in seconds. */
  private Long ttlSeconds;
  /** A session idle this long is ended. */
  private Long idleTimeoutSeconds;
  /** Pods kept ready for new sessions. */
  private Integer warmPool;

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

  public List<io.fabric8.kubernetes.api.model.Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<io.fabric8.kubernetes.api.model.Toleration> tolerations) {
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

  public Integer getWarmPool() {
    return warmPool;
  }

  public void setWarmPool(Integer warmPool) {
    this.warmPool = warmPool;
  }
}
