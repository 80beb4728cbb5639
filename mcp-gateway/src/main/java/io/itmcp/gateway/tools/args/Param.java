package io.itmcp.gateway.tools.args;

import io.itmcp.gateway.tools.ToolArgumentException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One declared tool argument. Each kind knows its JSON schema, its default and how to read a call's
 * value, so the bounds a client sees are exactly the ones {@link ToolParameters#read} enforces.
 * Tools declare them with the named factories ({@link #requiredText}, {@link #integer}, {@link
 * #choice}, ...) and name what differs from a factory's default ({@link Text#withMaxLength}, {@link
 * Text#allowingLeadingDash}).
 */
public sealed interface Param
    permits Param.Text, Param.Int, Param.Bool, Param.Choice, Param.Choices {

  /** The longest string any tool accepts unless its declaration says less. */
  int MAX_TEXT = 4096;

  String name();

  String description();

  boolean required();

  /** The schema keywords of this kind (the description is added by {@link #schema()}). */
  Map<String, Object> typeSchema();

  /** The value an absent optional argument takes, or null when it has none. */
  default Object defaultValue() {
    return null;
  }

  /** Checks a present value and returns it in the type the tools read. */
  Object convert(Object value);

  default Map<String, Object> schema() {
    Map<String, Object> schema = new LinkedHashMap<>(typeSchema());
    schema.put("description", description());
    return schema;
  }

  /**
   * A string: never empty, no control or invisible formatting characters, at most maxLength
   * characters; a leading '-' is refused unless {@code dashAllowed} (values never placed where a
   * program reads options, such as ps_tool's filter or grep's pattern after {@code -e}).
   */
  record Text(String name, String description, boolean required, int maxLength, boolean dashAllowed)
      implements Param {
    @Override
    public Map<String, Object> typeSchema() {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("type", "string");
      s.put("minLength", 1);
      s.put("maxLength", maxLength);
      if (!dashAllowed) {
        s.put("pattern", "^[^-]");
      }
      return s;
    }

    @Override
    public Object convert(Object value) {
      String s = JsonValues.require(this, value, String.class, "a string");
      SafeText.check(name, s, maxLength);
      return dashAllowed ? s : SafeText.notOption(name, s);
    }

    /** This parameter, accepting at most {@code characters} characters. */
    public Text withMaxLength(int characters) {
      return new Text(name, description, required, characters, dashAllowed);
    }

    /**
     * This parameter, accepting a leading '-': only for values never placed where a program reads
     * options.
     */
    public Text allowingLeadingDash() {
      return new Text(name, description, required, maxLength, true);
    }
  }

  /**
   * An integer within [min, max]. A JSON number with a fractional part or a boolean is refused. A
   * string is accepted only when it is exactly a decimal integer (an optional '-', no sign '+', no
   * leading zeros, no spaces): many LLM clients send {@code "count": "2"}, and nothing looser is
   * needed for that.
   */
  record Int(
      String name, String description, boolean required, Integer defaultValue, int min, int max)
      implements Param {
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]{0,9})");

    @Override
    public Map<String, Object> typeSchema() {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("type", "integer");
      s.put("minimum", min);
      s.put("maximum", max);
      if (defaultValue != null) {
        s.put("default", defaultValue);
      }
      return s;
    }

    @Override
    public Object convert(Object value) {
      long n = value instanceof String s ? fromString(s) : JsonValues.wholeNumber(this, value);
      if (n < min || n > max) {
        throw new ToolArgumentException(
            "'" + name + "' is " + n + "; allowed: " + min + " to " + max);
      }
      return (int) n;
    }

    private long fromString(String s) {
      if (!DECIMAL.matcher(s).matches()) {
        throw new ToolArgumentException(
            "'"
                + name
                + "' must be a whole number, not "
                + JsonValues.describe(s)
                + " (a string is accepted only when it is exactly a decimal integer, such as \""
                + min
                + "\")");
      }
      return Long.parseLong(s);
    }
  }

  /** A JSON boolean; the strings "true"/"false" are refused. */
  record Bool(String name, String description, Boolean defaultValue) implements Param {
    @Override
    public boolean required() {
      return false;
    }

    @Override
    public Map<String, Object> typeSchema() {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("type", "boolean");
      s.put("default", defaultValue);
      return s;
    }

    @Override
    public Object convert(Object value) {
      return JsonValues.require(this, value, Boolean.class, "true or false (a JSON boolean)");
    }
  }

  /** One of a fixed set of strings (matched ignoring case, returned as declared). */
  record Choice(
      String name, String description, boolean required, List<String> values, String defaultValue)
      implements Param {
    public Choice {
      values = List.copyOf(values);
    }

    @Override
    public Map<String, Object> typeSchema() {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("type", "string");
      s.put("enum", values);
      if (defaultValue != null) {
        s.put("default", defaultValue);
      }
      return s;
    }

    @Override
    public Object convert(Object value) {
      return choose(name, JsonValues.require(this, value, String.class, "a string"), values);
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

    @Override
    public Map<String, Object> typeSchema() {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("type", "array");
      Map<String, Object> items = new LinkedHashMap<>();
      items.put("type", "string");
      items.put("enum", values);
      s.put("items", items);
      s.put("uniqueItems", true);
      s.put("maxItems", values.size());
      return s;
    }

    @Override
    public Object defaultValue() {
      return List.of();
    }

    @Override
    public Object convert(Object value) {
      if (!(value instanceof Collection<?> items)) {
        throw new ToolArgumentException(
            "'" + name + "' must be a list of strings drawn from " + values);
      }
      Set<String> chosen = new LinkedHashSet<>();
      for (Object item : items) {
        if (!(item instanceof String s)) {
          throw new ToolArgumentException(
              "'" + name + "' must contain only strings drawn from " + values);
        }
        if (!chosen.add(choose(name, s, values))) {
          throw new ToolArgumentException("'" + name + "' lists " + SafeText.quote(s) + " twice");
        }
      }
      return List.copyOf(chosen);
    }
  }

  /** A required string of at most {@link #MAX_TEXT} characters, no leading '-'. */
  static Text requiredText(String name, String description) {
    return new Text(name, description, true, MAX_TEXT, false);
  }

  /**
   * An optional string of at most {@link #MAX_TEXT} characters, no leading '-'; absent, it has no
   * value.
   */
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

  /** An optional choice of one of {@code values}; absent, it takes {@code defaultValue}. */
  static Choice choice(String name, String description, List<String> values, String defaultValue) {
    return new Choice(name, description, false, values, defaultValue);
  }

  /** An optional choice of one of {@code values}; absent, it has no value. */
  static Choice optionalChoice(String name, String description, List<String> values) {
    return new Choice(name, description, false, values, null);
  }

  /** An optional list without duplicates drawn from {@code values}; absent, it is empty. */
  static Choices choices(String name, String description, List<String> values) {
    return new Choices(name, description, values);
  }

  private static String choose(String field, String value, List<String> allowed) {
    for (String a : allowed) {
      if (a.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new ToolArgumentException(
        "'" + field + "' is " + SafeText.quote(value) + "; allowed: " + String.join(", ", allowed));
  }
}
