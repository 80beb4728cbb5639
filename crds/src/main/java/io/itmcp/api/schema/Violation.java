package io.itmcp.api.schema;

import java.util.regex.Pattern;

/**
 * One way a manifest breaks its CRD schema: where (a JSON pointer, {@code
 * /spec/limits/maxSessions}), which schema keyword or CEL rule, and why.
 */
public record Violation(String path, String rule, String message) {

  private static final Pattern INDEX = Pattern.compile("[0-9]+");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * The field as the API server names it: {@code spec.limits.maxSessions}, {@code spec.tools[2]}, a
   * map key that is not a plain word in brackets ({@code spec.ssh.users[db.example.com]}).
   */
  public String field() {
    StringBuilder out = new StringBuilder();
    for (String segment : path.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      String key = segment.replace("~1", "/").replace("~0", "~");
      if (INDEX.matcher(key).matches() || !IDENTIFIER.matcher(key).matches()) {
        out.append('[').append(key).append(']');
      } else {
        out.append(out.length() == 0 ? "" : ".").append(key);
      }
    }
    return out.length() == 0 ? "<root>" : out.toString();
  }

  /**
   * The API server's wording: {@code spec.limits.maxSessionsPerUser: Invalid value: "object": ...}.
   */
  public String describe() {
    String detail =
        switch (rule) {
          case "required" -> "Required value";
          case "enum" -> "Unsupported value: " + message;
          case "unknown-field" -> "field not declared in schema";
          case "cel" -> "Invalid value: \"object\": " + message;
          case "cel-skipped" -> "Invalid value: " + message;
          case "maxLength" -> "Too long: " + message;
          case "maxItems", "maxProperties" -> "Too many: " + message;
          default -> "Invalid value: " + message;
        };
    return field() + ": " + detail;
  }

  @Override
  public String toString() {
    return path + " [" + rule + "] " + message;
  }
}
