package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A read-only mount in the sandbox: exactly one of configMap or persistentVolumeClaim. */
@ValidationRule(
    value = "has(self.configMap) != has(self.persistentVolumeClaim)",
    message = "a mount needs exactly one source: configMap or persistentVolumeClaim",
    reason = "FieldValueInvalid")
public class SandboxMount {
  /** 63 (a volume name's bound) minus the {@code mount-} prefix. */
  public static final int MAX_NAME = 57;

  /**
   * Volume name; the pod's volume is {@code mount-<name>}, which must stay within 63 characters.
   */
  @Required
  @Size(min = 1, max = MAX_NAME)
  @Pattern(SchemaPatterns.DNS1123_LABEL)
  private String name;

  /** Absolute path inside the sandbox; must lie inside an allowed directory. */
  @Required
  @Size(min = 2, max = 1024)
  @Pattern(SchemaPatterns.ABSOLUTE_DIRECTORY)
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
