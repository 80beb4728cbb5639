package io.itmcp.gateway.tools.args;

import java.util.List;

/**
 * One declared tool argument. The same declaration produces the JSON schema shown to clients and
 * drives {@link ToolParameters#read}, so the bounds a client sees are exactly the ones enforced.
 */
public sealed interface Param permits Param.Text, Param.Int, Param.Bool, Param.Choice, Param.Choices {

  /** The longest string any tool accepts unless its declaration says less. */
  int MAX_TEXT = 4096;

  String name();

  String description();

  boolean required();

  /**
   * A string: never empty, no control or invisible formatting characters, at most maxLength
   * characters; a leading '-' is refused unless {@code dashAllowed} (values never placed where a
   * program reads options, such as ps_tool's filter or grep's pattern after {@code -e}).
   */
  record Text(String name, String description, boolean required, int maxLength, boolean dashAllowed) implements Param {
  }

  /** An integer within [min, max]; a JSON number with a fractional part, a string or a boolean is refused. */
  record Int(String name, String description, boolean required, Integer defaultValue, int min, int max) implements Param {
  }

  /** A JSON boolean; the strings "true"/"false" are refused. */
  record Bool(String name, String description, boolean defaultValue) implements Param {
    @Override
    public boolean required() {
      return false;
    }
  }

  /** One of a fixed set of strings (matched ignoring case, returned as declared). */
  record Choice(String name, String description, boolean required, List<String> values, String defaultValue) implements Param {
    public Choice {
      values = List.copyOf(values);
    }
  }

  /** A list without duplicates drawn from a fixed set of strings. */
  record Choices(String name, String description, List<String> values) implements Param {
    public Choices {
      values = List.copyOf(values);
    }

    @Override
    public boolean required() {
      return false;
    }
  }

  static Text requiredText(String name, String description) {
    return new Text(name, description, true, MAX_TEXT, false);
  }

  static Text optionalText(String name, String description) {
    return new Text(name, description, false, MAX_TEXT, false);
  }

  static Int integer(String name, String description, int defaultValue, int min, int max) {
    return new Int(name, description, false, defaultValue, min, max);
  }

  static Int requiredInteger(String name, String description, int min, int max) {
    return new Int(name, description, true, null, min, max);
  }

  static Bool flag(String name, String description) {
    return new Bool(name, description, false);
  }
}
