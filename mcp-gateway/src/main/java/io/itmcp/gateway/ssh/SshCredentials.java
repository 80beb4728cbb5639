package io.itmcp.gateway.ssh;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where ssh_tool finds its private key, its known_hosts file and per-host users. Only file
 * locations leave this type: key material and passwords never reach an argv or a log.
 *
 * <p>Locally these come from the original ITMCP variables ({@link #fromEnvironment}, files the
 * gateway can see: {@link SshKeyDirectory}); in Kubernetes the session pod mounts the policy's
 * Secret and the gateway only names paths inside the pod ({@link SandboxSshPaths#mountedAt}).
 */
public interface SshCredentials {

  /** The private key file for a canonical host, if one is configured. */
  Optional<Path> keyFor(String host);

  /**
   * The known_hosts file ssh checks host keys against; empty when none exists (ssh then refuses
   * every host).
   */
  Optional<Path> knownHosts();

  /** The user the credentials name for a canonical host, if any. */
  Optional<String> userFor(String host);

  /**
   * The host paths ssh reads (key directory, credentials file, known_hosts), so that a local
   * runtime can make them visible inside its sandbox ({@code
   * LocalSandboxRuntime#withVisiblePaths}).
   */
  default List<Path> locations() {
    return List.of();
  }

  /**
   * Credentials that have nothing: every ssh call is refused with a message saying what to
   * configure.
   */
  static SshCredentials none() {
    return new SshCredentials() {
      @Override
      public Optional<Path> keyFor(String host) {
        return Optional.empty();
      }

      @Override
      public Optional<Path> knownHosts() {
        return Optional.empty();
      }

      @Override
      public Optional<String> userFor(String host) {
        return Optional.empty();
      }
    };
  }

  /**
   * From the original ITMCP environment: {@code SSH_KEYS_PATH} (a directory of keys), {@code
   * SSH_CREDENTIALS_PATH} (the JSON credentials file; only key-file references and user names are
   * read from it) and {@code SSH_KNOWN_HOSTS} (default {@code <SSH_KEYS_PATH>/known_hosts}). Files
   * are read when a call needs them, so a missing directory only refuses ssh calls.
   */
  static SshCredentials fromEnvironment(Map<String, String> env) {
    Optional<Path> keys = nonBlank(env.get("SSH_KEYS_PATH")).map(Path::of);
    Optional<Path> credentials = nonBlank(env.get("SSH_CREDENTIALS_PATH")).map(Path::of);
    Optional<Path> knownHosts =
        nonBlank(env.get("SSH_KNOWN_HOSTS"))
            .map(Path::of)
            .or(() -> keys.map(k -> k.resolve("known_hosts")));
    if (keys.isEmpty() && credentials.isEmpty() && knownHosts.isEmpty()) {
      return none();
    }
    return new SshKeyDirectory(keys, credentials, knownHosts);
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }
}
