package io.itmcp.gateway.auth;

import java.util.List;

/** An authenticated caller: every tool call is attributed to one. */
public record Identity(String user, List<String> groups) {
  public Identity {
    groups = List.copyOf(groups);
  }
}
