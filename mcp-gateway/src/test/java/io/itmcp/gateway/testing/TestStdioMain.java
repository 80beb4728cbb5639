package io.itmcp.gateway.testing;

import io.itmcp.gateway.audit.HashChainedAuditLog;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.transport.StdioGateway;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** A stdio gateway with the test tools and test runtime, for clients that launch a process. */
public final class TestStdioMain {

  private TestStdioMain() {}

  /** {@code [AUDIT_FILE]}. */
  public static void main(String[] args) throws Exception {
    // both SLF4J backends are on the test classpath; the tests log through logback (see the
    // surefire settings)
    System.setProperty("slf4j.internal.verbosity", "WARN");
    System.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
    System.setProperty(
        "org.slf4j.simpleLogger.log.io.modelcontextprotocol", "warn"); // as cli.Main keeps it
    PrintStream mcpOut = System.out;
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    SessionRegistry sessions =
        new SessionRegistry(new ProcessSandboxRuntime(), TestPolicies.defaultPolicy());
    InFlightCalls inFlight = new InFlightCalls();
    // with an argument, the audit goes to that file (forced to disk per record) as in production
    HashChainedAuditLog audit =
        args.length > 0
            ? HashChainedAuditLog.toFile(Path.of(args[0]))
            : HashChainedAuditLog.toStream(System.err);
    ToolCallHandler handler =
        new ToolCallHandler(
            sessions,
            audit,
            inFlight,
            new Identity(System.getProperty("user.name"), List.of()),
            Clock.systemUTC());
    StdioGateway.serve(
        new McpServerFactory(TestPolicies.defaultPolicy(), FakeTools.catalog(), handler),
        inFlight,
        System.in,
        mcpOut);
    sessions.close();
    System.exit(0);
  }
}
