package io.itmcp.gateway.tools.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.FileReader;
import io.itmcp.gateway.tools.ToolArgumentException;
import io.itmcp.policy.PathPolicy;
import io.itmcp.policy.PolicyRefusedException;
import io.itmcp.policy.Refusal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The file tools' path guard on the gateway's side: the reader's argv, and how each of the reader's
 * exits becomes a refusal that says what was refused, by which rule, and what is allowed. The
 * stderr lines are the ones {@code sandbox-image/reader/itmcp-read.c} prints.
 */
class GuardedReadTest {

  private static final PathPolicy PATHS = PathPolicy.of(List.of("/var/log", "/srv/data"));

  private static ExecResult exit(int code, String stderr) {
    return new ExecResult(code, "", stderr, false, false, 3);
  }

  @Test
  void argvRootsEveryAllowedDirectoryAndEndsOptionsBeforeTheProgram() {
    assertThat(GuardedRead.argv("/var/log/syslog", PATHS, List.of("tail", "-n", "5")))
        .containsExactly(
            "itmcp-read",
            "--root",
            "/var/log",
            "--root",
            "/srv/data",
            "--path",
            "/var/log/syslog",
            "--",
            "tail",
            "-n",
            "5");
  }

  @Test
  void argvAllowsHardLinksOnlyWhenThePolicyDoes() {
    assertThat(GuardedRead.argv("/var/log/a", PATHS.withHardLinks(true), List.of("cat")))
        .containsExactly(
            "itmcp-read",
            "--allow-hard-links",
            "--root",
            "/var/log",
            "--root",
            "/srv/data",
            "--path",
            "/var/log/a",
            "--",
            "cat");
  }

  @Test
  void aSymlinkOutOfTheDirectoriesIsRefusedWithTheReadersReasonAndRule() {
    ExecResult result =
        exit(
            FileReader.EXIT_REFUSED,
            "some noise\nitmcp-read: refused /var/log/link: it resolves to /etc/shadow (rule allowedDirectories)\n");
    assertThatThrownBy(() -> GuardedRead.throwIfRefused("/var/log/link", result, PATHS))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessage(
            "refused path '/var/log/link' because it resolves to /etc/shadow (rule allowedDirectories);"
                + " allowed: paths inside /var/log, /srv/data, symlinks resolved inside them")
        .extracting(e -> ((PolicyRefusedException) e).refusal())
        .isEqualTo(
            Refusal.of(
                "path",
                "/var/log/link",
                "it resolves to /etc/shadow",
                "allowedDirectories",
                "paths inside /var/log, /srv/data, symlinks resolved inside them"));
  }

  @Test
  void aHardLinkIsRefusedByItsOwnRuleSayingHowToAllowIt() {
    ExecResult result =
        exit(
            FileReader.EXIT_REFUSED,
            "itmcp-read: refused /var/log/x: it has 2 hard links and could be"
                + " a file of another directory (rule files.allowHardLinks)\n");
    assertThatThrownBy(() -> GuardedRead.throwIfRefused("/var/log/x", result, PATHS))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessage(
            "refused path '/var/log/x' because it has 2 hard links and could be a file of another directory"
                + " (rule files.allowHardLinks); allowed: files with a single link inside /var/log, /srv/data"
                + " (set files.allowHardLinks to read hard links)");
  }

  @Test
  void aRefusalWithoutTheReadersLineStillRefusesByTheDirectoriesRule() {
    ExecResult result = exit(FileReader.EXIT_REFUSED, "killed\n");
    assertThatThrownBy(() -> GuardedRead.throwIfRefused("/var/log/y", result, PATHS))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessage(
            "refused path '/var/log/y' because the reader refused it (rule allowedDirectories);"
                + " allowed: paths inside /var/log, /srv/data, symlinks resolved inside them");
  }

  @Test
  void onlyTheFirstReaderLineCountsAndAProgramsLookalikeLineDoesNot() {
    ExecResult result =
        exit(
            FileReader.EXIT_REFUSED,
            "xitmcp-read: refused /a: fake (rule files.allowHardLinks)\n"
                + "itmcp-read: refused /var/log/z: '..' leads above / (rule allowedDirectories)\n"
                + "itmcp-read: refused /var/log/z: second (rule files.allowHardLinks)\n");
    assertThatThrownBy(() -> GuardedRead.throwIfRefused("/var/log/z", result, PATHS))
        .hasMessage(
            "refused path '/var/log/z' because '..' leads above / (rule allowedDirectories);"
                + " allowed: paths inside /var/log, /srv/data, symlinks resolved inside them");
  }

  @Test
  void anUnreadableFileIsAnArgumentErrorWithTheReadersReason() {
    ExecResult result =
        exit(FileReader.EXIT_UNREADABLE, "itmcp-read: /var/log/none: No such file or directory\n");
    assertThatThrownBy(() -> GuardedRead.throwIfRefused("/var/log/none", result, PATHS))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage(
            "'file_path' \"/var/log/none\" cannot be read in the sandbox: No such file or directory");
  }

  @Test
  void anUnreadableFileWithoutTheReadersLineSaysSoInGeneralTerms() {
    ExecResult result = exit(FileReader.EXIT_UNREADABLE, "");
    assertThatThrownBy(() -> GuardedRead.throwIfRefused("/var/log/none", result, PATHS))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage(
            "'file_path' \"/var/log/none\" cannot be read in the sandbox: the reader could not open it");
  }

  @Test
  void aUsageErrorIsTheGatewaysBugNotTheCallers() {
    ExecResult result = exit(FileReader.EXIT_USAGE, "\n itmcp-read: missing --root\nusage: ...\n");
    assertThatThrownBy(() -> GuardedRead.throwIfRefused("/var/log/a", result, PATHS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the file reader was called wrongly: itmcp-read: missing --root\nusage: ...");
  }

  @Test
  void anyOtherExitIsTheProgramsOwnAndPassesThrough() {
    for (int code : List.of(0, 1, 2, -1, 120, 124)) {
      assertThatCode(
              () ->
                  GuardedRead.throwIfRefused(
                      "/var/log/a",
                      exit(code, "itmcp-read: refused /var/log/a: x (rule allowedDirectories)\n"),
                      PATHS))
          .as("exit %d", code)
          .doesNotThrowAnyException();
    }
  }
}
