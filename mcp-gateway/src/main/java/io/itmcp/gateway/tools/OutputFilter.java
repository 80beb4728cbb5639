package io.itmcp.gateway.tools;

/**
 * Work the gateway does on a command's stdout instead of a shell pipeline (e.g. ps_tool's filter).
 */
@FunctionalInterface
public interface OutputFilter {
  OutputFilter NONE = stdout -> stdout;

  String apply(String stdout);
}
