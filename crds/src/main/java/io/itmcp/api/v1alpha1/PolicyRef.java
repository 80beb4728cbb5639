package io.itmcp.api.v1alpha1;


/** A reference to an ItmcpPolicy by name. */
public class PolicyRef {

  /** Name of the ItmcpPolicy in the session's namespace. */
  private String name;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
