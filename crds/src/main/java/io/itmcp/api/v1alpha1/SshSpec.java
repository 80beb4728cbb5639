package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** ssh credentials: a Secret reference and per-host default users. */
public class SshSpec {

  /** Secret with the private key(s) and known_hosts. */
  @Required private SecretRef secretRef;

  /** Default user name per host. */
  @Size(max = 512)
  // Only a length bound on the keys: map keys cannot carry a maxLength in a structural schema, so a
  // regex over them risks an unbounded CEL cost estimate that the API server refuses at CRD
  // install.
  // The policy engine parses each key as a host.
  @ValidationRule(
      value = "self.all(h, size(h) <= 254)",
      message = "ssh.users keys must be host names of at most 254 characters")
  private Map<String, @Size(min = 1, max = 64) @Pattern(SchemaPatterns.LOGIN_NAME) String> users;

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
