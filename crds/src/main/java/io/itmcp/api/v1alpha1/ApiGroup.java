package io.itmcp.api.v1alpha1;

/** The API group and version of every ITMCP kind, and the labels the operator puts on what it makes. */
public final class ApiGroup {
  public static final String GROUP = "itmcp.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String SESSION_LABEL = GROUP + "/session";
  public static final String POLICY_LABEL = GROUP + "/policy";

  private ApiGroup() {
  }
}
