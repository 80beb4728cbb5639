package io.itmcp.gateway.cli;

import java.io.PrintStream;

/**
 * A runtime's way to serve, made from options that were already checked: building one throws {@link
 * RuntimeException} saying which option is wrong (a usage error, exit 2); launching returns the
 * exit code.
 */
interface Launcher {

  /**
   * Serves until the transport ends.
   *
   * @param mcpOut the process's real stdout (stdio: the MCP channel; HTTP: the default audit
   *     stream)
   * @return 0 when the transport ended, 1 when serving failed, 3 when no sandbox can be made
   */
  int launch(PrintStream mcpOut);
}
