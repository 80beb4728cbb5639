package io.itmcp.gateway.tools;

/** An argument that does not fit the tool's schema: wrong type, out of range, unknown field. */
public class ToolArgumentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ToolArgumentException(String message) {
    super(message);
  }
}
