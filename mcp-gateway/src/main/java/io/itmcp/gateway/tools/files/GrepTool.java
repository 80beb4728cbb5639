package io.itmcp.gateway.tools.files;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.tools.args.Param;
import io.itmcp.gateway.tools.args.ToolArguments;
import io.itmcp.gateway.tools.args.ToolParameters;
import io.itmcp.policy.EffectivePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * grep_tool: {@code grep [-i] [-v] [-n] [-c] [-F] [-C N] -e PATTERN} on the file the in-sandbox
 * reader opened.
 *
 * <p>The flags come from typed booleans. The pattern is passed with {@code -e}, where grep takes
 * the next argument as the pattern whatever it looks like, so a pattern starting with '-' (e.g.
 * searching for "--verbose" in a log) is allowed and safe. Exit code 1 means "no line matched".
 */
public final class GrepTool extends FileReadTool {

  public GrepTool() {
    super(
        ToolName.GREP,
        ToolParameters.of(
            Param.requiredText(
                    "pattern", "Basic regular expression (or fixed string with fixed_strings)")
                .withMaxLength(1024)
                .allowingLeadingDash(),
            FILE_PATH,
            Param.flag("ignore_case", "Match ignoring case (-i)"),
            Param.flag("invert_match", "Show lines that do not match (-v)"),
            Param.flag("line_numbers", "Prefix lines with their numbers (-n)"),
            Param.flag("count_only", "Print only the number of matching lines (-c)"),
            Param.flag("fixed_strings", "Treat the pattern as a plain string (-F)"),
            Param.integer("context", "Lines of context around each match (-C)", 0, 0, 10)));
  }

  @Override
  protected String summary(EffectivePolicy policy) {
    return "Search a file for lines matching a pattern.";
  }

  @Override
  protected List<String> command(ToolArguments args) {
    List<String> argv = new ArrayList<>(List.of("grep"));
    addIf(argv, args.flag("ignore_case"), "-i");
    addIf(argv, args.flag("invert_match"), "-v");
    addIf(argv, args.flag("line_numbers"), "-n");
    addIf(argv, args.flag("count_only"), "-c");
    addIf(argv, args.flag("fixed_strings"), "-F");
    int context = args.integer("context");
    if (context > 0) {
      argv.addAll(List.of("-C", Integer.toString(context)));
    }
    argv.addAll(List.of("-e", args.text("pattern")));
    return argv;
  }

  private static void addIf(List<String> argv, boolean condition, String flag) {
    if (condition) {
      argv.add(flag);
    }
  }

  @Override
  public String title() {
    return "Search a file";
  }

  /**
   * grep exits 1 when nothing matched (an answer) and 2 when it could not read the file or the
   * pattern.
   */
  @Override
  public Optional<String> failureToRun(ExecResult result) {
    return result.timedOut() || result.exitCode() == 0 || result.exitCode() == 1
        ? Optional.empty()
        : Optional.of("grep could not search (exit " + result.exitCode() + ")");
  }
}
