package io.itmcp.gateway.tools.network;

import io.itmcp.gateway.runtime.ExecResult;
import java.util.Optional;

/** Exit-status conventions shared by the network tools' {@code failureToRun}. */
final class ExitCodes {
  private ExitCodes() {}

  /**
   * Codes 0..lastAnswer are answers; a higher code (or a negative one from a kill) means the tool
   * failed.
   */
  static Optional<String> answersUpTo(ExecResult result, int lastAnswer, String what) {
    if (result.timedOut() || result.exitCode() >= 0 && result.exitCode() <= lastAnswer) {
      return Optional.empty();
    }
    return Optional.of(what + " (exit " + result.exitCode() + ")");
  }
}
