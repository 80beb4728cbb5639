package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;

/**
 * The API server refused to store an object for a reason that retrying will not change: a 4xx other
 * than 409 Conflict and 429 Too Many Requests (422 Invalid, 403 Forbidden by Pod Security or a
 * quota, 400). Carries the server's own message so the session can fail naming it.
 */
public final class ApiRejection extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String kind;
  private final int code;

  public ApiRejection(String kind, String name, KubernetesClientException cause) {
    super(
        "the API server refused "
            + kind
            + " "
            + name
            + " ("
            + cause.getCode()
            + "): "
            + serverMessage(cause),
        cause);
    this.kind = kind;
    this.code = cause.getCode();
  }

  /**
   * Whether an API error is permanent: a client error that is neither a conflict nor throttling.
   */
  public static boolean isPermanent(KubernetesClientException e) {
    int code = e.getCode();
    return code >= 400 && code < 500 && code != HttpURLConnection.HTTP_CONFLICT && code != 429;
  }

  public String kind() {
    return kind;
  }

  public int code() {
    return code;
  }

  private static String serverMessage(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return e.getMessage();
  }
}
