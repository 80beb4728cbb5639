package io.itmcp.gateway.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the original ITMCP's environment variables mean here, said once at start. An existing client
 * config carries {@code USE_DOCKER} and {@code DOCKER_CONTAINER}, which have no meaning in this
 * gateway, and ssh files that are read only when a call needs them; staying silent about either
 * leaves a user guessing why ssh fails or whether a container is used. The remote commands of
 * {@code ALLOWED_REMOTE_COMMANDS} are exact here, no longer prefixes: said too, since a call that
 * used to pass is now refused.
 */
final class LegacyEnvironment {

  static final List<String> ALLOW_LISTS =
      List.of("ALLOWED_HOSTS", "ALLOWED_DIRECTORIES", "ALLOWED_REMOTE_COMMANDS");

  private LegacyEnvironment() {}

  static List<String> notes(Map<String, String> env, boolean policyFileGiven) {
    return notes(env, policyFileGiven, Files::exists);
  }

  static List<String> notes(
      Map<String, String> env, boolean policyFileGiven, Predicate<Path> exists) {
    List<String> notes = new ArrayList<>();
    set(env, "USE_DOCKER")
        .ifPresent(
            v ->
                notes.add(
                    "USE_DOCKER="
                        + v
                        + " is ignored: the original ITMCP ran its tools"
                        + " in one Docker container; here every call runs in a sandbox of its own (bubblewrap locally, a locked-down"
                        + " pod in a cluster), so there is nothing to switch on or off."));
    set(env, "DOCKER_CONTAINER")
        .ifPresent(
            v ->
                notes.add(
                    "DOCKER_CONTAINER="
                        + v
                        + " is ignored: no long-lived"
                        + " container is used; each call gets a fresh sandbox."));
    for (String file : List.of("SSH_CREDENTIALS_PATH", "SSH_KEYS_PATH", "SSH_KNOWN_HOSTS")) {
      set(env, file)
          .filter(v -> !exists.test(Path.of(v)))
          .ifPresent(
              v ->
                  notes.add(
                      file
                          + "="
                          + v
                          + " does not exist: ssh_tool calls will be refused until it does (it is read when a call needs it)."));
    }
    if (!policyFileGiven) {
      set(env, "ALLOWED_REMOTE_COMMANDS")
          .ifPresent(
              v ->
                  notes.add(
                      "ALLOWED_REMOTE_COMMANDS entries are exact"
                          + " commands: 'show version' allows 'show version' and nothing after it (the original ITMCP matched them as"
                          + " prefixes). A command that takes arguments needs a policy file (--policy) with remoteCommandRules."));
    }
    if (policyFileGiven) {
      List<String> ignored = ALLOW_LISTS.stream().filter(k -> set(env, k).isPresent()).toList();
      if (!ignored.isEmpty()) {
        notes.add(
            String.join(", ", ignored)
                + (ignored.size() == 1 ? " is" : " are")
                + " set but --policy FILE is given: the policy file alone decides what is allowed; the environment's"
                + " allow-lists are ignored.");
      }
    }
    return notes;
  }

  private static java.util.Optional<String> set(Map<String, String> env, String key) {
    return java.util.Optional.ofNullable(env.get(key)).filter(v -> !v.isBlank());
  }
}
