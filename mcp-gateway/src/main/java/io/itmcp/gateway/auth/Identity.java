package io.itmcp.gateway.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An authenticated caller: every tool call is attributed to one. {@code uid} and {@code extra} are
 * what the cluster's TokenReview said beside the name and groups (scopes of a scoped token, an
 * authenticator's session id); they travel on to the SubjectAccessReview so that scope-aware
 * authorizers decide on the whole identity.
 */
public record Identity(
    String user, List<String> groups, String uid, Map<String, List<String>> extra) {
  public Identity {
    groups = List.copyOf(groups);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    if (extra != null) {
      extra.forEach((k, v) -> copy.put(k, v == null ? List.of() : List.copyOf(v)));
    }
    extra = Map.copyOf(copy);
  }

  /** A caller known by name and groups only (static tokens, the local stdio user). */
  public Identity(String user, List<String> groups) {
    this(user, groups, null, Map.of());
  }
}
