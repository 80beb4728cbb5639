package io.itmcp.api.v1alpha1;


/** The MCP client. */
public class ClientInfo {

  /** Client name from MCP initialize. */
  private String name;
  /** Client version. */
  private String version;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }
}
