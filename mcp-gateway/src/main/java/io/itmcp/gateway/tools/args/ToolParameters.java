package io.itmcp.gateway.tools.args;

import io.itmcp.gateway.tools.ToolArgumentException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A tool's declared arguments: renders the JSON schema and reads a call's arguments against it.
 * Reading refuses unknown fields, missing required fields, wrong JSON types, numbers out of range,
 * unsafe strings and values outside a fixed set, before the tool sees any of them.
 */
public final class ToolParameters {

  private final Map<String, Param> params = new LinkedHashMap<>();

  private ToolParameters(List<Param> params) {
    for (Param p : params) {
      if (this.params.put(p.name(), p) != null) {
        throw new IllegalArgumentException("duplicate parameter " + p.name());
      }
    }
  }

  public static ToolParameters of(Param... params) {
    return new ToolParameters(List.of(params));
  }

  /** JSON Schema (draft 2020-12 subset) with bounds and additionalProperties false. */
  public Map<String, Object> jsonSchema() {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Param p : params.values()) {
      properties.put(p.name(), schemaOf(p));
      if (p.required()) {
        required.add(p.name());
      }
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", required);
    schema.put("additionalProperties", false);
    return schema;
  }

  private static Map<String, Object> schemaOf(Param p) {
    Map<String, Object> s = new LinkedHashMap<>();
    if (p instanceof Param.Text t) {
      s.put("type", "string");
      s.put("minLength", 1);
      s.put("maxLength", t.maxLength());
      if (!t.dashAllowed()) {
        s.put("pattern", "^[^-]");
      }
    } else if (p instanceof Param.Int i) {
      s.put("type", "integer");
      s.put("minimum", i.min());
      s.put("maximum", i.max());
      if (i.defaultValue() != null) {
        s.put("default", i.defaultValue());
      }
    } else if (p instanceof Param.Bool b) {
      s.put("type", "boolean");
      s.put("default", b.defaultValue());
    } else if (p instanceof Param.Choice c) {
      s.put("type", "string");
      s.put("enum", c.values());
      if (c.defaultValue() != null) {
        s.put("default", c.defaultValue());
      }
    } else if (p instanceof Param.Choices c) {
      s.put("type", "array");
      s.put("items", Map.of("type", "string", "enum", c.values()));
      s.put("uniqueItems", true);
      s.put("maxItems", c.values().size());
    }
    s.put("description", p.description());
    return s;
  }

  /** Validates the call's arguments; a null map is an empty one. */
  public ToolArguments read(Map<String, Object> arguments) {
    Map<String, Object> raw = arguments == null ? Map.of() : arguments;
    for (String key : raw.keySet()) {
      if (!params.containsKey(key)) {
        throw new ToolArgumentException("unknown argument " + SafeText.quote(String.valueOf(key))
            + "; this tool takes: " + String.join(", ", params.keySet()));
      }
    }
    Map<String, Object> values = new HashMap<>();
    for (Param p : params.values()) {
      Object value = raw.get(p.name());
      if (value == null) {
        if (p.required()) {
          throw new ToolArgumentException("missing required argument '" + p.name() + "' (" + p.description() + ")");
        }
        Object fallback = defaultOf(p);
        if (fallback != null) {
          values.put(p.name(), fallback);
        }
        continue;
      }
      values.put(p.name(), convert(p, value));
    }
    return new ToolArguments(values);
  }

  private static Object defaultOf(Param p) {
    if (p instanceof Param.Int i) {
      return i.defaultValue();
    }
    if (p instanceof Param.Bool b) {
      return b.defaultValue();
    }
    if (p instanceof Param.Choice c) {
      return c.defaultValue();
    }
    if (p instanceof Param.Choices) {
      return List.of();
    }
    return null;
  }

  private static Object convert(Param p, Object value) {
    if (p instanceof Param.Text t) {
      String s = requireType(p, value, String.class, "a string");
      SafeText.check(p.name(), s, t.maxLength());
      return t.dashAllowed() ? s : SafeText.notOption(p.name(), s);
    }
    if (p instanceof Param.Int i) {
      long n = integerValue(p, value);
      if (n < i.min() || n > i.max()) {
        throw new ToolArgumentException("'" + p.name() + "' is " + n + "; allowed: " + i.min() + " to " + i.max());
      }
      return (int) n;
    }
    if (p instanceof Param.Bool) {
      return requireType(p, value, Boolean.class, "true or false (a JSON boolean)");
    }
    if (p instanceof Param.Choice c) {
      return choose(p.name(), requireType(p, value, String.class, "a string"), c.values());
    }
    Param.Choices c = (Param.Choices) p;
    if (!(value instanceof Collection<?> items)) {
      throw new ToolArgumentException("'" + p.name() + "' must be a list of strings drawn from " + c.values());
    }
    Set<String> chosen = new LinkedHashSet<>();
    for (Object item : items) {
      if (!(item instanceof String s)) {
        throw new ToolArgumentException("'" + p.name() + "' must contain only strings drawn from " + c.values());
      }
      if (!chosen.add(choose(p.name(), s, c.values()))) {
        throw new ToolArgumentException("'" + p.name() + "' lists " + SafeText.quote(s) + " twice");
      }
    }
    return List.copyOf(chosen);
  }

  private static String choose(String field, String value, List<String> allowed) {
    for (String a : allowed) {
      if (a.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new ToolArgumentException("'" + field + "' is " + SafeText.quote(value) + "; allowed: " + String.join(", ", allowed));
  }

  private static <T> T requireType(Param p, Object value, Class<T> type, String expected) {
    if (!type.isInstance(value)) {
      throw new ToolArgumentException("'" + p.name() + "' must be " + expected + ", not " + jsonType(value));
    }
    return type.cast(value);
  }

  private static long integerValue(Param p, Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    BigDecimal exact;
    if (value instanceof BigInteger b) {
      exact = new BigDecimal(b);
    } else if (value instanceof BigDecimal b) {
      exact = b;
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new ToolArgumentException("'" + p.name() + "' must be a whole number, not " + d);
      }
      exact = BigDecimal.valueOf(d);
    } else {
      throw new ToolArgumentException("'" + p.name() + "' must be a whole number, not " + jsonType(value));
    }
    try {
      return exact.stripTrailingZeros().longValueExact();
    } catch (ArithmeticException e) {
      throw new ToolArgumentException("'" + p.name() + "' must be a whole number within range, not " + exact.toPlainString());
    }
  }

  private static String jsonType(Object value) {
    if (value instanceof String s) {
      return "the string " + SafeText.quote(s);
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof Number) {
      return "the number " + value;
    }
    if (value instanceof Collection<?>) {
      return "a list";
    }
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    return "a " + value.getClass().getSimpleName();
  }
}
