package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** The MCP client. */
public class ClientInfo {

  /** Client name from MCP initialize. */
  @Size(max = 128)
  @Pattern(SchemaPatterns.PRINTABLE)
  private String name;

  /** Client version. */
  @Size(max = 64)
  @Pattern(SchemaPatterns.PRINTABLE)
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
