package io.itmcp.gateway.tools.args;

import io.itmcp.gateway.tools.ToolArgumentException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
      properties.put(p.name(), p.schema());
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

  /** Validates the call's arguments; a null map is an empty one. */
  public ToolArguments read(Map<String, Object> arguments) {
    Map<String, Object> raw = arguments == null ? Map.of() : arguments;
    for (String key : raw.keySet()) {
      if (!params.containsKey(key)) {
        throw new ToolArgumentException(
            "unknown argument "
                + SafeText.quote(String.valueOf(key))
                + "; this tool takes: "
                + String.join(", ", params.keySet()));
      }
    }
    Map<String, Object> values = new HashMap<>();
    for (Param p : params.values()) {
      Object value = raw.get(p.name());
      if (value == null) {
        if (p.required()) {
          throw new ToolArgumentException(
              "missing required argument '" + p.name() + "' (" + p.description() + ")");
        }
        Object fallback = p.defaultValue();
        if (fallback != null) {
          values.put(p.name(), fallback);
        }
        continue;
      }
      values.put(p.name(), p.convert(value));
    }
    return new ToolArguments(values);
  }
}
