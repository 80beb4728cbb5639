package io.itmcp.gateway.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code serve --stdio | --http HOST:PORT}: the options ({@link ServeOptions}) go to the launcher
 * of their runtime.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Serves the MCP tools over stdio or Streamable HTTP (/mcp, with /healthz and /metrics); with --runtime kubernetes"
            + " each caller (user, policy, MCP client) has one sandbox pod, shared by its MCP sessions on every replica.")
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Null when this command was built on its own (tests). */
  @ParentCommand Main parent;

  @Mixin ServeOptions options;

  @Override
  public Integer call() {
    PrintStream mcpOut = System.out;
    if (options.transport.stdio) {
      // from here on only the MCP transport writes to the real stdout
      System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    }
    Launcher launcher;
    try {
      launcher =
          options.runtime == RuntimeKind.kubernetes
              ? ClusterLauncher.prepare(options)
              : LocalLauncher.prepare(
                  options,
                  parent == null ? null : parent.bwrapProbe,
                  parent != null && parent.answersInitializeEarly ? mcpOut : null);
    } catch (RuntimeException e) {
      // an option that names something unusable (a file, a value out of range, a combination): a
      // usage error
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    return launcher.launch(mcpOut);
  }
}
