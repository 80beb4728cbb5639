package io.itmcp.api.v1alpha1;

import java.util.List;

/** An authenticated identity. */
public class SessionUser {

  /** User name. */
  private String name;
  /** Groups. */
  private List<String> groups;

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
