package io.itmcp.api.v1alpha1;

import java.util.Map;

/** ssh credentials: a Secret reference and per-host default users. */
public class SshSpec {

  /** Secret with the private key(s) and known_hosts. */
  private SecretRef secretRef;
  /** Default user name per host. */
  private Map<String, String> users;

  public SecretRef getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretRef secretRef) {
    this.secretRef = secretRef;
  }

  public Map<String, String> getUsers() {
    return users;
  }

  public void setUsers(Map<String, String> users) {
    this.users = users;
  }
}
