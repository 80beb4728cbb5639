package io.itmcp.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LegacyEnvironmentTest {

  @Test
  void saysTheOriginalDockerVariablesHaveNoMeaningHere() {
    var notes =
        LegacyEnvironment.notes(
            Map.of("USE_DOCKER", "true", "DOCKER_CONTAINER", "itmcp_container"), false, p -> true);
    assertThat(notes).hasSize(2);
    assertThat(notes.get(0))
        .startsWith("USE_DOCKER=true is ignored")
        .contains("sandbox of its own");
    assertThat(notes.get(1)).startsWith("DOCKER_CONTAINER=itmcp_container is ignored");
  }

  @Test
  void namesSshFilesThatDoNotExist() {
    Set<Path> present = Set.of(Path.of("/keys"));
    var notes =
        LegacyEnvironment.notes(
            Map.of("SSH_CREDENTIALS_PATH", "/missing/creds.json", "SSH_KEYS_PATH", "/keys"),
            false,
            present::contains);
    assertThat(notes)
        .containsExactly(
            "SSH_CREDENTIALS_PATH=/missing/creds.json does not exist: ssh_tool calls will be"
                + " refused until it does (it is read when a call needs it).");
  }

  @Test
  void saysAllowListsAreIgnoredBesideAPolicyFile() {
    var env = Map.of("ALLOWED_HOSTS", "10.0.0.1", "ALLOWED_DIRECTORIES", "/tmp");
    assertThat(LegacyEnvironment.notes(env, false, p -> true)).isEmpty();
    assertThat(LegacyEnvironment.notes(env, true, p -> true))
        .containsExactly(
            "ALLOWED_HOSTS, ALLOWED_DIRECTORIES are set"
                + " but --policy FILE is given: the policy file alone decides what is allowed; the environment's allow-lists"
                + " are ignored.");
  }

  @Test
  void saysThatRemoteCommandsAreExactWhenTheEnvironmentGivesThem() {
    var env = Map.of("ALLOWED_REMOTE_COMMANDS", "show version,uname -a");
    assertThat(LegacyEnvironment.notes(env, false, p -> true))
        .containsExactly(
            "ALLOWED_REMOTE_COMMANDS entries are"
                + " exact commands: 'show version' allows 'show version' and nothing after it (the original ITMCP matched"
                + " them as prefixes). A command that takes arguments needs a policy file (--policy) with remoteCommandRules.");
    assertThat(LegacyEnvironment.notes(env, true, p -> true))
        .singleElement()
        .asString()
        .startsWith("ALLOWED_REMOTE_COMMANDS is set but --policy FILE is given");
  }

  @Test
  void saysNothingForAnEnvironmentItUnderstands() {
    assertThat(
            LegacyEnvironment.notes(
                Map.of("ALLOWED_HOSTS", "10.0.0.1", "USE_DOCKER", " "), false, p -> false))
        .isEmpty();
  }
}
