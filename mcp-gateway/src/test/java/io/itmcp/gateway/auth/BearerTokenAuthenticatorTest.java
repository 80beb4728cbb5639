package io.itmcp.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BearerTokenAuthenticatorTest {

  private static String hex(String token) {
    return HexFormat.of().formatHex(BearerTokenAuthenticator.sha256(token));
  }

  private final BearerTokenAuthenticator auth;

  BearerTokenAuthenticatorTest() throws Exception {
    auth =
        new BearerTokenAuthenticator(
            TokenFile.parse(
                """
        tokens:
          - user: alice
            groups: [netops, dba]
            sha256: %s
          - user: bob
            sha256: %s
        """
                    .formatted(hex("alice-secret"), hex("bob-secret").toUpperCase()),
                "tokens.yaml"));
  }

  @Test
  void aValidTokenGivesItsIdentity() {
    assertThat(auth.authenticate("alice-secret"))
        .contains(new Identity("alice", java.util.List.of("netops", "dba")));
    assertThat(auth.authenticate("bob-secret"))
        .hasValueSatisfying(i -> assertThat(i.user()).isEqualTo("bob"));
  }

  @Test
  void anythingElseGivesNothing() {
    assertThat(auth.authenticate(null)).isEmpty();
    assertThat(auth.authenticate("")).isEmpty();
    assertThat(auth.authenticate("alice-secreT")).isEmpty();
    assertThat(auth.authenticate("alice-secret ")).isEmpty();
    assertThat(auth.authenticate(hex("alice-secret"))).as("the hash is not the token").isEmpty();
  }

  @Test
  void malformedFilesAreRefusedNamingTheEntry() {
    assertThatThrownBy(() -> TokenFile.parse("tokens: []", "t.yaml"))
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> TokenFile.parse("tokens: [{user: a, sha256: abc}]", "t.yaml"))
        .hasMessageContaining("tokens[0].sha256")
        .hasMessageContaining("64 hex");
    assertThatThrownBy(() -> TokenFile.parse("tokens: [{sha256: " + hex("x") + "}]", "t.yaml"))
        .hasMessageContaining("tokens[0].user");
  }
}
