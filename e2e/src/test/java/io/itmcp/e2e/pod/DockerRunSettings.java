package io.itmcp.e2e.pod;

import java.util.List;

/**
 * How one container of a Pod runs on Docker.
 *
 * @param container the Pod's container name
 * @param options the {@code docker run} options (everything between {@code run} and the image)
 * @param image the image
 * @param args what follows the image (the rest of the Pod's command, then its args)
 * @param notEnforced Pod settings that Docker cannot express on this machine, each with why;
 *     printed by the tests so that nobody mistakes them for proven
 */
public record DockerRunSettings(
    String container,
    List<String> options,
    String image,
    List<String> args,
    List<String> notEnforced) {
  public DockerRunSettings {
    options = List.copyOf(options);
    args = List.copyOf(args);
    notEnforced = List.copyOf(notEnforced);
  }

  /** The value of the first option named {@code name} (e.g. {@code --user}), or null. */
  public String option(String name) {
    int i = options.indexOf(name);
    return i < 0 || i + 1 >= options.size() ? null : options.get(i + 1);
  }

  /** Every value of a repeated option (e.g. {@code --cap-add}). */
  public List<String> options(String name) {
    java.util.ArrayList<String> values = new java.util.ArrayList<>();
    for (int i = 0; i + 1 < options.size(); i++) {
      if (options.get(i).equals(name)) {
        values.add(options.get(i + 1));
      }
    }
    return values;
  }
}
