package io.itmcp.gateway.tools.process;

import io.itmcp.gateway.tools.OutputFilter;

/**
 * Keeps the first (header) line and every other line that contains the text; plain substring, no
 * pattern.
 */
record LinesContaining(String text) implements OutputFilter {

  @Override
  public String apply(String stdout) {
    String[] lines = stdout.split("\n", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (i == 0 || lines[i].contains(text)) {
        if (i == lines.length - 1 && lines[i].isEmpty()) {
          break;
        }
        out.append(lines[i]).append('\n');
      }
    }
    return out.toString();
  }
}
