package io.itmcp.api.v1alpha1;

/**
 * The API group and version of every ITMCP kind. What operator and gateway agree on beyond the
 * types is in {@link SessionContract} and {@link SessionNaming}.
 */
public final class ApiGroup {
  public static final String GROUP = "itmcp.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  private ApiGroup() {}
}
