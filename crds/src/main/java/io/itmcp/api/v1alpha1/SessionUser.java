package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** An authenticated identity. */
public class SessionUser {

  /** User name. */
  @Required
  @Size(min = 1, max = 256)
  @Pattern(SchemaPatterns.PRINTABLE)
  private String name;

  /** Groups. */
  @Size(max = 64)
  private List<@Size(min = 1, max = 256) @Pattern(SchemaPatterns.PRINTABLE) String> groups;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<String> getGroups() {
    return groups;
  }

  public void setGroups(List<String> groups) {
    this.groups = groups;
  }
}
