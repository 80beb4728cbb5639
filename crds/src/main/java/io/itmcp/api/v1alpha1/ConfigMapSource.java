package io.itmcp.api.v1alpha1;


/** A ConfigMap to mount read-only. */
public class ConfigMapSource {

  /** ConfigMap name. */
  private String name;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
