package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A PVC to mount read-only. */
public class PersistentVolumeClaimSource {

  /** PersistentVolumeClaim name. */
  @Required
  @Size(min = 1, max = 253)
  @Pattern(SchemaPatterns.DNS1123_SUBDOMAIN)
  private String claimName;

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }
}
