package io.itmcp.api;

/** One way a manifest breaks its CRD schema: where, which schema keyword or CEL rule, and why. */
record Violation(String path, String rule, String message) {

  @Override
  public String toString() {
    return path + " [" + rule + "] " + message;
  }
}
