package io.itmcp.e2e.pod;

/** The Pod asks for something the Docker translation cannot reproduce faithfully. */
public final class UntranslatablePodException extends RuntimeException {
  public UntranslatablePodException(String message) {
    super(message);
  }
}
