package io.itmcp.gateway.tools.args;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Arguments that passed {@link ToolParameters#read}: typed, defaults applied, absent optionals
 * empty.
 */
public final class ToolArguments {

  private final Map<String, Object> values;

  ToolArguments(Map<String, Object> values) {
    this.values = Map.copyOf(values);
  }

  /** A required string, or an optional string / choice with a default. */
  public String text(String name) {
    return optionalText(name).orElseThrow(() -> new IllegalStateException("no value for " + name));
  }

  public Optional<String> optionalText(String name) {
    return Optional.ofNullable((String) values.get(name));
  }

  public int integer(String name) {
    return (Integer) values.get(name);
  }

  public boolean flag(String name) {
    return (Boolean) values.get(name);
  }

  @SuppressWarnings("unchecked")
  public List<String> choices(String name) {
    return (List<String>) values.get(name);
  }
}
