package io.itmcp.api.v1alpha1;


/** A PVC to mount read-only. */
public class PersistentVolumeClaimSource {

  /** PersistentVolumeClaim name. */
  private String claimName;

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }
}
