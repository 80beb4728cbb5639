package io.itmcp.gateway.cli;

/**
 * {@code serve --runtime}: where tool commands run. The constants are the words typed on the
 * command line (lower case), so that picocli's candidates, matching and refusal all use them.
 */
enum RuntimeKind {
  /** bubblewrap on this machine, one sandbox per MCP session */
  local,
  /** one ItmcpSession and pod per caller, made by the operator; policies from the cluster */
  kubernetes
}
