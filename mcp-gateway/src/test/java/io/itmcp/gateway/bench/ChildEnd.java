package io.itmcp.gateway.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** How a benchmark ends a child it drives over stdin: as a client that hangs up would. */
final class ChildEnd {

  private ChildEnd() {}

  /** Closes its stdin (it then finishes and exits), and kills it if it has not in 30 s. */
  static void hangUp(Process child) throws InterruptedException, IOException {
    try {
      child.getOutputStream().close();
      child.waitFor(30, TimeUnit.SECONDS);
    } finally {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
