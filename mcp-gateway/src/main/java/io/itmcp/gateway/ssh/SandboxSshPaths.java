package io.itmcp.gateway.ssh;

import io.itmcp.api.v1alpha1.SessionContract;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials for a runtime whose sandbox, not the gateway, holds the files: in Kubernetes the
 * session pod mounts the policy's ssh Secret (e.g. {@code /var/run/itmcp/ssh/}), and the gateway
 * only names the paths inside the pod. Nothing is checked on the gateway's own filesystem; a
 * missing file makes ssh fail in the sandbox with its own message.
 *
 * @param keyFile the private key inside the sandbox, e.g. {@code /var/run/itmcp/ssh/id_ed25519}
 * @param knownHostsFile the known_hosts file inside the sandbox
 * @param users per-host users (canonical host to user), may be empty
 */
public record SandboxSshPaths(Path keyFile, Path knownHostsFile, Map<String, String> users)
    implements SshCredentials {

  public SandboxSshPaths {
    users = Map.copyOf(users);
  }

  /** The Secret mounted at a directory with the keys the operator and gateway agree on. */
  public static SandboxSshPaths mountedAt(Path directory) {
    return new SandboxSshPaths(
        directory.resolve(SessionContract.SSH_PRIVATE_KEY_FILE),
        directory.resolve(SessionContract.SSH_KNOWN_HOSTS_FILE),
        Map.of());
  }

  @Override
  public Optional<Path> keyFor(String host) {
    return Optional.of(keyFile);
  }

  @Override
  public Optional<Path> knownHosts() {
    return Optional.of(knownHostsFile);
  }

  @Override
  public Optional<String> userFor(String host) {
    return Optional.ofNullable(users.get(host));
  }
}
