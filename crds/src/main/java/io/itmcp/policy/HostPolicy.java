package io.itmcp.policy;

import java.util.List;

/** The compiled {@code allowedHosts} list. */
public final class HostPolicy {

  /** Compiles entries; a malformed entry throws {@link IllegalArgumentException} naming it. */
  public static HostPolicy of(List<String> entries) {
    throw new UnsupportedOperationException("policy engine");
  }

  /** Parses the target canonically and checks it; returns the canonical host or throws {@link PolicyRefusedException}. */
  public Host check(String target, Access access) {
    throw new UnsupportedOperationException("policy engine");
  }

  public List<HostRule> rules() {
    throw new UnsupportedOperationException("policy engine");
  }

  /** A short human description for tool descriptions and refusals, e.g. "db.example.com, *.corp.example.com, 10.0.0.0/24:443". */
  public String describe() {
    throw new UnsupportedOperationException("policy engine");
  }
}
