package io.itmcp.gateway.cli;

import io.itmcp.gateway.audit.AuditVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code audit verify FILE}. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Work with audit logs.",
    subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Runnable {

  @Override
  public void run() {
    System.err.println("usage: audit verify FILE");
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Checks the hash chain of an audit log.",
        "Exit 0 when intact; 1 with the first broken record when a line was changed, removed, inserted or reordered;"
            + " 2 when the file cannot be read; 3 when the chain is intact but calls have an intent and no completion"
            + " (listed by callId: the gateway stopped during them, or they are still running).",
        "A chain cannot show that records were cut off its end: compare the last hash printed here with a copy"
            + " kept elsewhere."
      })
  static final class Verify implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the audit log (JSON lines)")
    Path file;

    static final int UNFINISHED_CALLS = 3;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file)) {
        System.err.println("audit verify: " + file + " is not a readable file");
        return 2;
      }
      try {
        AuditVerifier.Result r = AuditVerifier.verify(file);
        System.out.println(r.summary());
        if (!r.intact()) {
          return 1;
        }
        return r.unfinished().isEmpty() ? 0 : UNFINISHED_CALLS;
      } catch (IOException e) {
        System.err.println("audit verify: cannot read " + file + ": " + e.getMessage());
        return 2;
      }
    }
  }
}
