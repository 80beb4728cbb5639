package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.RemoteArguments;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Random inputs drawn from an adversarial alphabet (seeded, so every run is the same): whatever the
 * input, the engine either refuses with a {@link PolicyRefusedException} or returns a result that
 * satisfies the invariants a caller relies on.
 */
class PolicyInvariantsTest {

  private static final int ROUNDS = 20_000;
  private static final String[] HOST_PIECES = {
    "a", "Z", "0", "1", "7", "9", "f", "x", "xn--", ".", "..", ":", "::", "[", "]", "-", "%", "/",
    "@", " ", "\t", "\n", "\u0000", "ffff", "127", "255", "256", "0x", "\uFF11", "\uFF0E", "\u00fc",
    "\u200b", "*", "_", "example", "com", "\u0131", "\u00df", "\u3002"
  };
  private static final String[] PATH_PIECES = {
    "/", "//", ".", "..", "...", "var", "log", "log2", "etc", "passwd", "%2e", "%", "\\", "\u0000",
    "\n", " ", "~", "-", "\u202e", "\uFF0F", "a"
  };
  private static final String[] COMMAND_PIECES = {
    "show", "interface", "ls", "cat", " ", "\t", ";", "&", "|", "$", "(", ")", "`", "'", "\"", "\\",
        "\n", "*",
    "?", "[", "]", "{", "}", "~", "!", "#", "/", "/var/log", "/etc", "..", "=", "-f", ",", ":", "@",
        "x",
    "\u00a0", "\uFF1B"
  };

  @Test
  void hostsAreRefusedOrCanonicalAndStable() {
    HostPolicy any = HostPolicy.of(List.of("0.0.0.0/0", "::/0"));
    int accepted =
        run(
            new String[] {""},
            HOST_PIECES,
            raw -> {
              Host host = Host.parse(raw);
              String canonical = host.canonical();
              assertThat(canonical).matches("[a-z0-9.:-]+");
              assertThat(Host.parse(canonical))
                  .as("canonical form re-parses to itself: %s", raw)
                  .isEqualTo(host);
              if (host instanceof Host.Address) {
                assertThat(any.check(raw, Access.icmp())).isEqualTo(host);
              } else {
                assertThat(canonical).doesNotStartWith("-").doesNotContain("..");
              }
              return true;
            });
    System.out.println(
        "invariants: " + accepted + " of " + ROUNDS + " random hosts accepted, all canonical");
  }

  @Test
  void acceptedPathsAreNormalisedAndInside() {
    PathPolicy paths = PathPolicy.of(List.of("/var/log"));
    int accepted =
        run(
            new String[] {"", "/var/log", "/var/log/", "/var/log2", "//var/./log/"},
            PATH_PIECES,
            raw -> {
              String path = paths.check(raw);
              assertThat(path).isEqualTo(paths.checkResolved(path));
              assertThat(path.equals("/var/log") || path.startsWith("/var/log/")).isTrue();
              assertThat(("/" + path + "/").contains("/../")).isFalse();
              assertThat(path).doesNotContain("//", "/./", "\\", "\u0000", "\n", "%2e");
              return true;
            });
    System.out.println(
        "invariants: "
            + accepted
            + " of "
            + ROUNDS
            + " random paths accepted, all inside /var/log");
  }

  @Test
  void acceptedCommandsHoldOnlyPlainWords() {
    RemoteCommandPolicy commands =
        RemoteCommandPolicy.of(
            List.of("ls"),
            List.of(
                CommandRules.rule("show interface", RemoteArguments.ANY),
                CommandRules.rule("cat", RemoteArguments.PATHS, "-f")),
            PathPolicy.of(List.of("/var/log")));
    int accepted =
        run(
            new String[] {"", "cat ", "show interface "},
            COMMAND_PIECES,
            raw -> {
              List<String> tokens = commands.check(raw);
              assertThat(tokens).isNotEmpty();
              for (String token : tokens) {
                assertThat(token).matches("[A-Za-z0-9_./:=+,@%-]+").doesNotStartWith("=");
                for (String path : RemoteCommandWords.pathCandidates(token)) {
                  String normalised = PathPolicy.normalise(path);
                  assertThat(normalised.equals("/var/log") || normalised.startsWith("/var/log/"))
                      .isTrue();
                }
              }
              return true;
            });
    System.out.println(
        "invariants: " + accepted + " of " + ROUNDS + " random commands accepted, all plain words");
  }

  /**
   * Feeds random concatenations; only PolicyRefusedException may escape the engine. Returns
   * accepted count.
   */
  private static int run(String[] prefixes, String[] pieces, Function<String, Boolean> check) {
    Random random = new Random(20261124L);
    int accepted = 0;
    for (int i = 0; i < ROUNDS; i++) {
      StringBuilder raw = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
      int n = 1 + random.nextInt(8);
      for (int j = 0; j < n; j++) {
        raw.append(pieces[random.nextInt(pieces.length)]);
      }
      try {
        check.apply(raw.toString());
        accepted++;
      } catch (PolicyRefusedException refused) {
        assertThat(refused.getMessage()).doesNotContain("\n", "\r", "\u0000");
      }
    }
    assertThat(accepted).as("some random inputs are legitimate").isPositive();
    return accepted;
  }
}
