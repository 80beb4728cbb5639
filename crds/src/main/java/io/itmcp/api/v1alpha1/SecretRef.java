package io.itmcp.api.v1alpha1;


/** A reference to a Secret by name. */
public class SecretRef {

  /** Name of the Secret in the policy's namespace. */
  private String name;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
