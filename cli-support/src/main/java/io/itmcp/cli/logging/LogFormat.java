package io.itmcp.cli.logging;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a binary writes its log to stderr: {@code text} (one readable line per event, the default) or
 * {@code json} (one JSON object per line, for log pipelines). Chosen by {@code --log-format}, else
 * {@code ITMCP_LOG_FORMAT}. Pure, except {@link #current()}.
 */
public enum LogFormat {
  TEXT,
  JSON;

  public static final String OPTION = "--log-format";
  public static final String VARIABLE = "ITMCP_LOG_FORMAT";

  /**
   * For the binaries' picocli declaration of {@link #OPTION} (parsed here, before picocli runs).
   */
  public static final String PARAM_LABEL = "text|json";

  public static final String DESCRIPTION =
      "the log on stderr: text lines (default) or one JSON object per line;"
          + " "
          + VARIABLE
          + " does the same";

  /**
   * Where {@link Logging} leaves the choice for {@link LogSetup}, which logback runs at its first
   * use.
   */
  static final String PROPERTY = "itmcp.log.format";

  /** The format a value names; throws saying what is accepted. */
  static LogFormat parse(String value, String from) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default ->
          throw new IllegalArgumentException(from + " must be text or json, not '" + value + "'");
    };
  }

  /**
   * {@code --log-format X} or {@code --log-format=X} among the arguments, else the variable; empty
   * when neither.
   */
  public static Optional<LogFormat> chosen(List<String> args, Map<String, String> env) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals(OPTION)) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(OPTION + " needs a value: text or json");
        }
        return Optional.of(parse(args.get(i + 1), OPTION));
      }
      if (arg.startsWith(OPTION + "=")) {
        return Optional.of(parse(arg.substring(OPTION.length() + 1), OPTION));
      }
    }
    String variable = env.get(VARIABLE);
    return variable == null || variable.isBlank()
        ? Optional.empty()
        : Optional.of(parse(variable, VARIABLE));
  }

  /** The format {@link Logging#configure} chose in this process; text when it has not run. */
  public static LogFormat current() {
    String chosen = System.getProperty(PROPERTY);
    return chosen == null ? TEXT : parse(chosen, PROPERTY);
  }
}
