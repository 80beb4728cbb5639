package io.itmcp.api.testing;

/** One way a manifest breaks its CRD schema: where, which schema keyword or CEL rule, and why. */
public record Violation(String path, String rule, String message) {

  @Override
  public String toString() {
    return path + " [" + rule + "] " + message;
  }
}
