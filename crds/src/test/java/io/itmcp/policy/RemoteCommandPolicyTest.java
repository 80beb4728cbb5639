package io.itmcp.policy;

import static io.itmcp.policy.CommandRules.matching;
import static io.itmcp.policy.CommandRules.rule;
import static io.itmcp.policy.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.itmcp.api.v1alpha1.RemoteArguments;
import io.itmcp.api.v1alpha1.RemoteCommandRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each rule of remote-command matching attacked on its own: exact entries, named options, option
 * values, the four kinds of arguments, absolute paths after the fixed words, and malformed rules.
 */
class RemoteCommandPolicyTest {

  private static final PathPolicy SRV = PathPolicy.of(List.of("/srv/logs", "/var/log"));

  /** The attack of issue 17: a fully specific entry and a prefix rule that names nothing. */
  private static final RemoteCommandPolicy POLICY =
      RemoteCommandPolicy.of(
          List.of("tail -n 5 /srv/logs/ok.log", "show version", "uptime"),
          List.of(
              rule("find /srv/logs", RemoteArguments.NONE, "-name [A-Za-z0-9_.]{1,64}", "-type f"),
              rule("tail", RemoteArguments.PATHS, "-n [0-9]{1,4}", "-q"),
              matching(
                  "show interface",
                  "(Gigabit|TenGigabit)Ethernet[0-9]{1,2}(/[0-9]{1,2}){1,2}",
                  "status",
                  "brief"),
              rule("show logging", RemoteArguments.ANY)),
          SRV);

  @Test
  void anExactEntryAllowsExactlyItsWords() {
    assertThat(POLICY.check("tail -n 5 /srv/logs/ok.log"))
        .containsExactly("tail", "-n", "5", "/srv/logs/ok.log");
    assertThat(POLICY.check("show   version")).containsExactly("show", "version");
  }

  static Stream<Arguments> extraWordsAfterAnExactEntry() {
    return Stream.of(
        arguments("tail -n 5 /srv/logs/ok.log .ssh/id_ed25519", ".ssh/id_ed25519"),
        arguments("tail -n 5 /srv/logs/ok.log id_ed25519", "id_ed25519"),
        arguments("tail -n 5 /srv/logs/ok.log -f", "-f"),
        arguments("show version all", "all"),
        arguments("uptime -p", "-p"),
        arguments("uptime +5", "+5"));
  }

  @ParameterizedTest
  @MethodSource
  void extraWordsAfterAnExactEntry(String command, String extra) {
    // "tail" also has a rule; its refusal is reported only when no exact entry is longer
    Refusal refusal =
        assertRefused(
            () -> POLICY.check(command),
            refusedBy(command),
            "refused remote command '" + command + "' because ");
    assertThat(refusal.refused()).contains(extra);
  }

  private static String refusedBy(String command) {
    if (command.startsWith("tail")) {
      return "allowedRemoteCommands[0]";
    }
    return command.startsWith("show") ? "allowedRemoteCommands[1]" : "allowedRemoteCommands[2]";
  }

  @Test
  void anExactEntryRefusalSaysWhatIsAllowedInstead() {
    Refusal refusal =
        assertRefused(() -> POLICY.check("show version all"), "allowedRemoteCommands[1]");
    assertThat(refusal.message())
        .isEqualTo(
            "refused remote command 'show version all' because the word 'all'"
                + " follows 'show version', which is allowed exactly (an exact entry takes no further words; a"
                + " remoteCommandRules entry can allow them) (rule allowedRemoteCommands[1]); allowed: the command 'show version' exactly");
  }

  @Test
  void optionsThatTheRuleDoesNotNameAreRefused() {
    for (String command :
        List.of(
            "find /srv/logs -fprint /srv/logs/x",
            "find /srv/logs -delete",
            "find /srv/logs -exec",
            "find /srv/logs -name",
            "find /srv/logs -type d",
            "find /srv/logs --name x",
            "find /srv/logs -name=x",
            "find /srv/logs -namex",
            "find /srv/logs +name x",
            "tail -f /srv/logs/a",
            "tail -n5 /srv/logs/a",
            "tail --lines=5 /srv/logs/a",
            "tail -qn 5 /srv/logs/a",
            "show interface -x",
            "show logging -o",
            "show logging +x")) {
      String rule =
          command.startsWith("find")
              ? "remoteCommandRules[0]"
              : command.startsWith("tail")
                  ? "remoteCommandRules[1]"
                  : command.startsWith("show interface")
                      ? "remoteCommandRules[2]"
                      : "remoteCommandRules[3]";
      assertRefused(() -> POLICY.check(command), rule, "allowed: the command '");
    }
  }

  @Test
  void aNamedFlagIsAllowedAnywhereAfterTheFixedWords() {
    assertThat(POLICY.check("find /srv/logs -type f -name app.log")).hasSize(6);
    assertThat(POLICY.check("tail -q /srv/logs/a -q"))
        .containsExactly("tail", "-q", "/srv/logs/a", "-q");
    assertThat(POLICY.check("find /srv/logs")).containsExactly("find", "/srv/logs");
  }

  @Test
  void anOptionValueMustMatchItsPattern() {
    assertThat(POLICY.check("tail -n 9999 /srv/logs/a"))
        .containsExactly("tail", "-n", "9999", "/srv/logs/a");
    Refusal refusal =
        assertRefused(
            () -> POLICY.check("tail -n 10000 /srv/logs/a"),
            "remoteCommandRules[1]",
            "the value '10000' of the option '-n' does not match [0-9]{1,4}");
    assertThat(refusal.allowed())
        .isEqualTo(
            "the command 'tail' with the options -n [0-9]{1,4}, -q, then absolute"
                + " paths inside /srv/logs, /var/log");
    assertRefused(() -> POLICY.check("tail -n 5x /srv/logs/a"), "remoteCommandRules[1]", "'5x'");
    assertRefused(() -> POLICY.check("tail -n x5 /srv/logs/a"), "remoteCommandRules[1]", "'x5'");
    assertRefused(
        () -> POLICY.check("find /srv/logs -name .ssh/id_rsa"),
        "remoteCommandRules[0]",
        "does not match [A-Za-z0-9_.]{1,64}");
    assertRefused(
        () -> POLICY.check("tail /srv/logs/a -n"),
        "remoteCommandRules[1]",
        "the option '-n' needs a value");
  }

  @Test
  void anOptionValueHoldingAnAbsolutePathIsCheckedAgainstTheDirectories() {
    RemoteCommandPolicy grep =
        RemoteCommandPolicy.of(
            List.of(),
            List.of(rule("grep -c error", RemoteArguments.PATHS, "-f /[A-Za-z0-9/._-]+")),
            SRV);
    assertThat(grep.check("grep -c error -f /srv/logs/patterns /var/log/syslog")).hasSize(6);
    assertRefused(
        () -> grep.check("grep -c error -f /etc/shadow /var/log/syslog"),
        "allowedDirectories",
        "its argument path '/etc/shadow' is not allowed",
        "allowed: paths inside /srv/logs, /var/log");
    assertRefused(
        () -> grep.check("grep -c error -f patterns /var/log/syslog"),
        "remoteCommandRules[0]",
        "the value 'patterns' of the option '-f' does not match /[A-Za-z0-9/._-]+");
  }

  static Stream<Arguments> pathArguments() {
    String rule = "remoteCommandRules[1]";
    String outside = "allowedDirectories";
    return Stream.of(
        // relative paths are resolved in the login user's home on the remote side: refused
        arguments("tail .ssh/id_ed25519", rule),
        arguments("tail id_ed25519", rule),
        arguments("tail ./srv/logs/a", rule),
        arguments("tail srv/logs/a", rule),
        arguments("tail logs/a", rule),
        arguments("tail -n 5 a.log", rule),
        arguments("tail x=/srv/logs/a", rule),
        arguments("tail user@/srv/logs/a", rule),
        // traversal and look-alike directories
        arguments("tail /srv/logs/../../etc/passwd", "remoteCommand.syntax"),
        arguments("tail /srv/logs/..", "remoteCommand.syntax"),
        arguments("tail /srv/logs/x/..", "remoteCommand.syntax"),
        arguments("tail /srv/logs2/a", outside),
        arguments("tail /srv/log/a", outside),
        arguments("tail /srv/logs@x", outside),
        arguments("tail /srv/logs,x", outside),
        arguments("tail /srv/logs:x", outside),
        arguments("tail /srv/logsx", outside),
        arguments("tail /srv", outside),
        arguments("tail /", outside),
        arguments("tail //srv/logs2", outside),
        arguments("tail /proc/self/root/srv/logs/a", outside),
        arguments("tail /srv/./logs2/a", outside),
        arguments("tail /srv/logs/a:/etc/shadow", outside),
        arguments("tail /srv/logs/a,/etc/shadow", outside),
        arguments("tail /srv/logs/a=/etc/shadow", outside),
        arguments("tail /srv/logs/%2e%2e/x", "path.syntax"),
        arguments("tail /srv/logs/a /etc/shadow", outside),
        // the symlink a remote host may hold cannot be seen; what is checked is the lexical path
        arguments("tail /var/log/../../proc/self/environ", "remoteCommand.syntax"));
  }

  @ParameterizedTest
  @MethodSource
  void pathArguments(String command, String rule) {
    assertRefused(() -> POLICY.check(command), rule);
  }

  @Test
  void pathArgumentsInsideTheDirectoriesAreAllowed() {
    for (String command :
        List.of(
            "tail /srv/logs/a",
            "tail /srv/logs",
            "tail /var/log/syslog /srv/logs/b",
            "tail //srv//logs/./a",
            "tail /srv/logs/a..b",
            "tail /srv/logs/...",
            "tail /srv/logs/a,b",
            "tail /srv/logs/a:b",
            "tail -n 5 -q /var/log/x")) {
      assertThat(POLICY.check(command)).as(command).startsWith("tail");
    }
  }

  @Test
  void aRelativePathRefusalExplainsWhyItCannotBeChecked() {
    assertRefused(
        () -> POLICY.check("tail .ssh/id_ed25519"),
        "remoteCommandRules[1]",
        "the argument '.ssh/id_ed25519' is not an absolute path (a relative path is resolved on the remote host,"
            + " in the login user's home, where it cannot be checked)");
  }

  @Test
  void matchedArgumentsMustFullyMatchAPattern() {
    assertThat(POLICY.check("show interface GigabitEthernet0/1")).hasSize(3);
    assertThat(POLICY.check("show interface TenGigabitEthernet1/0/24 status")).hasSize(4);
    assertThat(POLICY.check("show interface")).hasSize(2);
    for (String command :
        List.of(
            "show interface xGigabitEthernet0/1",
            "show interface GigabitEthernet0/1x",
            "show interface GigabitEthernet0",
            "show interface statuses",
            "show interface .ssh/id_rsa",
            "show interface status,brief",
            "show interface Status",
            "show interface GigabitEthernet0/1/2/3")) {
      assertRefused(
          () -> POLICY.check(command),
          "remoteCommandRules[2]",
          "matches none of the rule's patterns",
          "allowed: the command 'show interface', then words matching (Gigabit|TenGigabit)Ethernet");
    }
  }

  @Test
  void anyArgumentsStillRefuseUnnamedOptionsAndAbsolutePathsOutside() {
    assertThat(POLICY.check("show logging last 100 GigabitEthernet0/1")).hasSize(5);
    assertRefused(() -> POLICY.check("show logging /etc/passwd"), "allowedDirectories");
    assertRefused(() -> POLICY.check("show logging file=/etc/passwd"), "allowedDirectories");
    assertRefused(() -> POLICY.check("show logging -f/etc/passwd"), "allowedDirectories");
    assertRefused(() -> POLICY.check("show logging +f/etc/passwd"), "allowedDirectories");
    assertRefused(
        () -> POLICY.check("show logging --tail"), "remoteCommandRules[3]", "the option '--tail'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "show version;id",
        "show version; id",
        "show version && id",
        "show version | id",
        "show version `id`",
        "show version $(id)",
        "show version 'x'",
        "show version \"x\"",
        "show version \\x",
        "show version\nid",
        "show version\u037eid",
        "show version\uff1bid",
        "show\u00a0version",
        "show\u2000version",
        "show\u200bversion",
        "sh\u043ew version",
        "show versi\u043en",
        "show version\u0000",
        "show version\t\u000b",
        "\u202eshow version",
        "show version *",
        "show version ~",
        "show version !x",
        "tail -n 5 /srv/logs/ok.log\u2028x",
        "",
        " ",
        "\t\t",
        "show version $IFS"
      })
  void metacharactersLookAlikesAndEmptyCommandsAreSyntaxErrors(String command) {
    assertRefused(() -> POLICY.check(command), "remoteCommand.syntax");
  }

  @Test
  void emptyTokensAreWhitespaceRunsNotWords() {
    assertThat(POLICY.check("  show \t  version\t")).containsExactly("show", "version");
    assertRefused(() -> POLICY.check("show version ''"), "remoteCommand.syntax");
    assertRefused(() -> POLICY.check("show version \"\""), "remoteCommand.syntax");
  }

  @Test
  void withoutACandidateTheRefusalListsEveryRule() {
    Refusal refusal = assertRefused(() -> POLICY.check("cat /srv/logs/a"), "allowedRemoteCommands");
    assertThat(refusal.allowed())
        .startsWith(
            "the commands 'tail -n 5 /srv/logs/ok.log' exactly, 'show version'"
                + " exactly, 'uptime' exactly, 'find /srv/logs' with the options -name [A-Za-z0-9_.]{1,64}, -type f,"
                + " nothing else, 'tail' with the options -n [0-9]{1,4}, -q, then absolute paths inside /srv/logs, /var/log");
    assertThat(refusal.allowed()).endsWith("'show logging', then any words");
    RemoteCommandPolicy none = RemoteCommandPolicy.of(List.of(), SRV);
    assertRefused(
        () -> none.check("show version"),
        "allowedRemoteCommands",
        "allowed: nothing: no remote command is allowed (allowedRemoteCommands and remoteCommandRules are empty)");
    assertRefused(
        () -> none.check("show;"), "remoteCommand.syntax", "allowed: nothing: no remote command");
    assertThat(none.describe()).isEqualTo("(none)");
  }

  @Test
  void theLongestRuleThatRefusesIsReportedAndAnyRuleThatAllowsWins() {
    RemoteCommandPolicy overlapping =
        RemoteCommandPolicy.of(
            List.of("show ip route"),
            List.of(rule("show", RemoteArguments.NONE, "-v"), matching("show ip", "route|bgp")),
            SRV);
    assertThat(overlapping.check("show ip bgp")).hasSize(3);
    assertThat(overlapping.check("show -v")).hasSize(2);
    assertThat(overlapping.check("show ip route")).hasSize(3);
    assertRefused(() -> overlapping.check("show ip route x"), "allowedRemoteCommands[0]");
    assertRefused(() -> overlapping.check("show ip ospf"), "remoteCommandRules[1]");
    assertRefused(() -> overlapping.check("show x"), "remoteCommandRules[0]");
  }

  @Test
  void notesNameEachRuleForReviewers() {
    assertThat(POLICY.notes())
        .containsExactly(
            "allowedRemoteCommands[0]: 'tail -n 5 /srv/logs/ok.log' exactly",
            "allowedRemoteCommands[1]: 'show version' exactly",
            "allowedRemoteCommands[2]: 'uptime' exactly",
            "remoteCommandRules[0]: 'find /srv/logs' with the options -name [A-Za-z0-9_.]{1,64}, -type f, nothing else",
            "remoteCommandRules[1]: 'tail' with the options -n [0-9]{1,4}, -q, then absolute paths inside /srv/logs, /var/log",
            "remoteCommandRules[2]: 'show interface', then words matching"
                + " (Gigabit|TenGigabit)Ethernet[0-9]{1,2}(/[0-9]{1,2}){1,2} or status or brief",
            "remoteCommandRules[3]: 'show logging', then any words");
    assertThat(
            RemoteCommandPolicy.of(List.of(), List.of(rule("ls", RemoteArguments.NONE, "-l")), SRV)
                .notes())
        .containsExactly("remoteCommandRules[0]: 'ls' with the options -l, nothing else");
    assertThat(RemoteCommandPolicy.of(List.of(), List.of(rule("ls", null)), SRV).notes())
        .containsExactly("remoteCommandRules[0]: 'ls' exactly");
  }

  static Stream<Arguments> malformedRules() {
    return Stream.of(
        arguments(
            rule("show;", RemoteArguments.ANY), "remoteCommandRules[0] 'show;': it contains ';'"),
        arguments(
            rule(null, RemoteArguments.ANY),
            "remoteCommandRules[0] (none): the entry has no command"),
        arguments(rule(" ", RemoteArguments.ANY), "remoteCommandRules[0] ' ': it is empty"),
        arguments(
            rule("ls", RemoteArguments.MATCH),
            "set match (the patterns) exactly when arguments is 'match'"),
        arguments(
            CommandRules.rule("ls", RemoteArguments.MATCH, null, List.of()),
            "exactly when arguments is 'match'"),
        arguments(
            CommandRules.rule("ls", RemoteArguments.ANY, null, List.of("a")),
            "exactly when arguments is 'match'"),
        arguments(
            CommandRules.rule("ls", null, null, List.of("a")), "exactly when arguments is 'match'"),
        arguments(matching("ls", "(a"), "match: '(a' is not an RE2 pattern: missing closing )"),
        arguments(matching("ls", "(?<=a)b"), "is not an RE2 pattern"),
        arguments(matching("ls", ""), "match: a pattern is 1 to 256 characters"),
        arguments(matching("ls", "a".repeat(257)), "match: a pattern is 1 to 256 characters"),
        arguments(
            CommandRules.rule("ls", RemoteArguments.MATCH, null, Arrays.asList("a", null)),
            "match: a pattern is 1 to 256 characters"),
        arguments(matching("ls", "a\u00e9"), "has a character outside printable ASCII"),
        arguments(matching("ls", "a\n"), "has a character outside printable ASCII"),
        arguments(matching("ls", "a\u007f"), "has a character outside printable ASCII"),
        arguments(
            rule("ls", RemoteArguments.ANY, "l"),
            "the option 'l' must start with one word beginning with '-' or '+'"),
        arguments(rule("ls", RemoteArguments.ANY, "-l;x"), "the option '-l;x': it contains ';'"),
        arguments(rule("ls", RemoteArguments.ANY, " -l"), "the option ' -l': it is empty"),
        arguments(
            rule("ls", RemoteArguments.ANY, "-n (x"),
            "the value of -n: '(x' is not an RE2 pattern"),
        arguments(
            rule("ls", RemoteArguments.ANY, "-n "),
            "the value of -n: a pattern is 1 to 256 characters"),
        arguments(rule("ls", RemoteArguments.ANY, "-l", "-l"), "the option '-l' is named twice"),
        arguments(
            rule("ls", RemoteArguments.ANY, "-n [0-9]", "-n"), "the option '-n' is named twice"),
        arguments(
            rule("ls", RemoteArguments.ANY, "-n", "-n [0-9]"), "the option '-n' is named twice"),
        arguments(
            CommandRules.rule("ls", RemoteArguments.ANY, Arrays.asList("-l", null), null),
            "an option is null"));
  }

  @ParameterizedTest
  @MethodSource
  void malformedRules(RemoteCommandRule rule, String message) {
    List<RemoteCommandRule> rules = new ArrayList<>();
    rules.add(rule);
    assertThatThrownBy(() -> RemoteCommandPolicy.of(List.of(), rules, SRV))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("remoteCommandRules[0] ")
        .hasMessageContaining(message);
  }

  @Test
  void aNullRuleAndANullExactEntryAreRefusedByPosition() {
    List<RemoteCommandRule> rules = new ArrayList<>();
    rules.add(rule("ls", RemoteArguments.ANY));
    rules.add(null);
    assertThatThrownBy(() -> RemoteCommandPolicy.of(List.of(), rules, SRV))
        .hasMessage("remoteCommandRules[1] (none): the entry has no command");
    assertThatThrownBy(() -> RemoteCommandPolicy.of(Arrays.asList("ls", null), SRV))
        .hasMessage("allowedRemoteCommands[1] (none): the entry has no command");
    assertThatThrownBy(() -> RemoteCommandPolicy.of(List.of("ls"), null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void patternsAreRe2AndMatchInLinearTime() {
    RemoteCommandPolicy redos =
        RemoteCommandPolicy.of(List.of(), List.of(matching("x", "(a+)+b")), SRV);
    // a backtracking engine takes minutes here; RE2 answers at once
    assertRefused(() -> redos.check("x " + "a".repeat(4000)), "remoteCommandRules[0]");
    assertThat(redos.check("x aaab")).hasSize(2);
  }

  @Test
  void commandsEndAt4096CharactersAnd64Words() {
    RemoteCommandPolicy any =
        RemoteCommandPolicy.of(List.of(), List.of(rule("x", RemoteArguments.ANY)), SRV);
    String longest = "x " + "a".repeat(RemoteCommandPolicy.MAX_LENGTH - 2);
    assertThat(any.check(longest)).hasSize(2);
    assertRefused(
        () -> any.check(longest + "a"), "remoteCommand.syntax", "longer than 4096 characters");
    String words64 = "x" + " a".repeat(RemoteCommandPolicy.MAX_TOKENS - 1);
    assertThat(any.check(words64)).hasSize(64);
    assertRefused(() -> any.check(words64 + " a"), "remoteCommand.syntax", "more than 64 words");
  }

  @Test
  void wordCharactersAreExactlyLettersDigitsAndTheListedPunctuation() {
    RemoteCommandPolicy any =
        RemoteCommandPolicy.of(List.of(), List.of(rule("x", RemoteArguments.ANY)), SRV);
    assertThat(any.check("x aAzZ09 _.:=,@% a-b a+b"))
        .containsExactly("x", "aAzZ09", "_.:=,@%", "a-b", "a+b");
    assertThat(any.check("x a/b")).containsExactly("x", "a/b");
    for (String c :
        List.of(
            "`", "{", "[", "^", "\\", "\"", "'", "?", "*", "~", "!", "#", ";", "<", ">", "|", "&",
            "$", "(", ")", "}", "]")) {
      assertRefused(
          () -> any.check("x a" + c),
          "remoteCommand.syntax",
          "contains " + Refusal.quote(c) + " (shell metacharacters");
    }
    assertRefused(
        () -> any.check("x a\rb"), "remoteCommand.syntax", "because it contains a line break");
    assertRefused(
        () -> any.check("x a\nb"), "remoteCommand.syntax", "because it contains a line break");
    assertRefused(
        () -> any.check("x a\u0001b"),
        "remoteCommand.syntax",
        "because it contains a control character");
    assertRefused(
        () -> any.check("x a\u001fb"),
        "remoteCommand.syntax",
        "because it contains a control character");
    assertRefused(
        () -> any.check("x a\u007fb"),
        "remoteCommand.syntax",
        "because it contains a control character");
    assertRefused(
        () -> any.check("x a\u0080b"),
        "remoteCommand.syntax",
        "because it contains a non-ASCII character");
    assertRefused(() -> any.check("x =a"), "remoteCommand.syntax", "a word starts with '='");
    assertThat(any.check("x a=")).containsExactly("x", "a=");
    assertRefused(
        () -> any.check("x a=.."), "remoteCommand.syntax", "a word contains a '..' component");
    assertRefused(
        () -> any.check("x ..@a"), "remoteCommand.syntax", "a word contains a '..' component");
    assertRefused(
        () -> any.check("x a:.."), "remoteCommand.syntax", "a word contains a '..' component");
    assertRefused(
        () -> any.check("x a,.."), "remoteCommand.syntax", "a word contains a '..' component");
  }

  @Test
  void pathCandidatesAreTheWordAndItsAbsolutePieces() {
    assertThat(RemoteCommandWords.pathCandidates("/a")).containsExactly("/a", "/a");
    assertThat(RemoteCommandWords.pathCandidates("a/b")).isEmpty();
    assertThat(RemoteCommandWords.pathCandidates("-f/a")).containsExactly("/a", "/a");
    assertThat(RemoteCommandWords.pathCandidates("+f/a")).containsExactly("/a", "/a");
    assertThat(RemoteCommandWords.pathCandidates("x=/a,/b")).containsExactly("/a", "/b");
    assertThat(RemoteCommandWords.pathCandidates("/a@x")).containsExactly("/a@x", "/a");
    assertThat(RemoteCommandWords.isOption("-")).isTrue();
    assertThat(RemoteCommandWords.isOption("+")).isTrue();
    assertThat(RemoteCommandWords.isOption("a-")).isFalse();
  }

  @Test
  void patternsMayUseAllPrintableAsciiUpTo256Characters() {
    RemoteCommandPolicy edges =
        RemoteCommandPolicy.of(
            List.of(),
            List.of(
                matching("x", "a{1,2}", "~[ ]?" + "b".repeat(249)),
                rule("y", RemoteArguments.ANY, "-n " + "c".repeat(256))),
            SRV);
    assertThat(edges.check("x aa")).hasSize(2);
    assertThat(edges.check("y -n " + "c".repeat(256))).hasSize(3);
    assertRefused(() -> edges.check("x aaa"), "remoteCommandRules[0]");
    assertThatThrownBy(
            () -> RemoteCommandPolicy.of(List.of(), List.of(matching("x", "\u001f")), SRV))
        .hasMessageContaining("outside printable ASCII");
    assertThatThrownBy(
            () -> RemoteCommandPolicy.of(List.of(), List.of(matching("x", "~\u007f")), SRV))
        .hasMessageContaining("outside printable ASCII");
  }
}
