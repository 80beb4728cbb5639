package io.itmcp.api.v1alpha1;


/** A read-only mount in the sandbox: exactly one of configMap or persistentVolumeClaim. */
public class SandboxMount {

  /** Volume name. */
  private String name;
  /** Absolute path inside the sandbox; must lie inside an allowed directory. */
  private String mountPath;
  /** Mount a ConfigMap. */
  private ConfigMapSource configMap;
  /** Mount a PersistentVolumeClaim. */
  private PersistentVolumeClaimSource persistentVolumeClaim;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getMountPath() {
    return mountPath;
  }

  public void setMountPath(String mountPath) {
    this.mountPath = mountPath;
  }

  public ConfigMapSource getConfigMap() {
    return configMap;
  }

  public void setConfigMap(ConfigMapSource configMap) {
    this.configMap = configMap;
  }

  public PersistentVolumeClaimSource getPersistentVolumeClaim() {
    return persistentVolumeClaim;
  }

  public void setPersistentVolumeClaim(PersistentVolumeClaimSource persistentVolumeClaim) {
    this.persistentVolumeClaim = persistentVolumeClaim;
  }
}
