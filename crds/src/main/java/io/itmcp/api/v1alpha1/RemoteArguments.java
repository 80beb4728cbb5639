package io.itmcp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * What may follow the fixed words of a {@link RemoteCommandRule} besides the options it names.
 *
 * <ul>
 *   <li>{@code none}: nothing (the rule is its command plus named options);
 *   <li>{@code paths}: absolute paths inside {@code allowedDirectories} (a relative path is
 *       resolved on the remote side in the login user's home, which no check here can see:
 *       refused);
 *   <li>{@code match}: words that fully match one of the rule's {@code match} patterns;
 *   <li>{@code any}: any plain word (the old prefix behaviour; absolute paths are still checked).
 * </ul>
 */
public enum RemoteArguments {
  NONE,
  PATHS,
  MATCH,
  ANY;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static RemoteArguments fromWire(String value) {
    return Arrays.stream(values())
        .filter(a -> a.wireName().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown arguments kind '" + value + "'; known: none, paths, match, any"));
  }
}
