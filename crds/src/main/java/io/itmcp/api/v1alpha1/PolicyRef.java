package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A reference to an ItmcpPolicy by name. */
public class PolicyRef {

  /** Name of the ItmcpPolicy in the session's namespace. */
  @Required
  @Size(min = 1, max = 253)
  @Pattern(SchemaPatterns.DNS1123_SUBDOMAIN)
  private String name;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
