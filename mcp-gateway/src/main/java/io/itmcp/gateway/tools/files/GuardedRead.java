package io.itmcp.gateway.tools.files;

import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.FileReader;
import io.itmcp.gateway.tools.ToolArgumentException;
import io.itmcp.gateway.tools.args.SafeText;
import io.itmcp.policy.PathPolicy;
import io.itmcp.policy.PolicyRefusedException;
import io.itmcp.policy.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The argv of a file-tool call through the in-sandbox reader ({@link FileReader}), and what its
 * refusals mean to the caller; pure.
 *
 * <p>{@code itmcp-read [--allow-hard-links] --root DIR... --path PATH -- PROGRAM ARGS...}: every
 * allowed directory is a root; the program reads the opened file as its standard input, so its argv
 * holds no path at all.
 */
public final class GuardedRead {

  /** "itmcp-read: refused PATH: REASON (rule RULE)" as the reader prints it. */
  private static final Pattern REFUSAL =
      Pattern.compile("itmcp-read: refused .*?: (.*) \\(rule ([A-Za-z.]+)\\)");

  private static final Pattern UNREADABLE = Pattern.compile("itmcp-read: .*?: (.*)");

  private GuardedRead() {}

  static List<String> argv(String path, PathPolicy paths, List<String> command) {
    List<String> argv = new ArrayList<>(List.of(FileReader.PROGRAM));
    if (paths.allowHardLinks()) {
      argv.add("--allow-hard-links");
    }
    for (String dir : paths.directories()) {
      argv.addAll(List.of("--root", dir));
    }
    argv.addAll(List.of("--path", path, "--"));
    argv.addAll(command);
    return argv;
  }

  /**
   * Throws what the reader refused: {@link PolicyRefusedException} when the path left the allowed
   * directories or the file has several hard links, {@link ToolArgumentException} when it cannot be
   * read. Returns normally when the reader ran the program (whatever the program's own exit).
   */
  public static void throwIfRefused(String path, ExecResult result, PathPolicy paths) {
    String line =
        result
            .stderr()
            .lines()
            .filter(l -> l.startsWith(FileReader.PROGRAM + ": "))
            .findFirst()
            .orElse("");
    switch (result.exitCode()) {
      case FileReader.EXIT_REFUSED -> {
        Matcher m = REFUSAL.matcher(line);
        String reason = m.matches() ? m.group(1) : "the reader refused it";
        String rule = m.matches() ? m.group(2) : "allowedDirectories";
        String allowed =
            rule.equals("files.allowHardLinks")
                ? "files with a single link inside "
                    + paths.describe()
                    + " (set files.allowHardLinks to read hard links)"
                : "paths inside " + paths.describe() + ", symlinks resolved inside them";
        throw new PolicyRefusedException(Refusal.of("path", path, reason, rule, allowed));
      }
      case FileReader.EXIT_UNREADABLE -> {
        Matcher m = UNREADABLE.matcher(line);
        throw new ToolArgumentException(
            "'file_path' "
                + SafeText.quote(path)
                + " cannot be read in the sandbox: "
                + (m.matches() ? m.group(1) : "the reader could not open it"));
      }
      case FileReader.EXIT_USAGE ->
          throw new IllegalStateException(
              "the file reader was called wrongly: " + result.stderr().strip());
      default -> {
        // the reader ran the program; its exit status is the call's
      }
    }
  }
}
