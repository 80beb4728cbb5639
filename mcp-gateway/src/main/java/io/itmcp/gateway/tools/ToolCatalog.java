package io.itmcp.gateway.tools;

import io.itmcp.gateway.ssh.SshCredentials;
import io.itmcp.gateway.tools.files.CatTool;
import io.itmcp.gateway.tools.files.GrepTool;
import io.itmcp.gateway.tools.files.HeadTool;
import io.itmcp.gateway.tools.files.TailTool;
import io.itmcp.gateway.tools.http.HttpCheckTool;
import io.itmcp.gateway.tools.network.CaptureScope;
import io.itmcp.gateway.tools.network.DigTool;
import io.itmcp.gateway.tools.network.NslookupTool;
import io.itmcp.gateway.tools.network.PingTool;
import io.itmcp.gateway.tools.network.SshTool;
import io.itmcp.gateway.tools.network.TcpdumpTool;
import io.itmcp.gateway.tools.network.TelnetTool;
import io.itmcp.gateway.tools.network.TlsCheckTool;
import io.itmcp.gateway.tools.network.TracerouteTool;
import io.itmcp.gateway.tools.process.PsTool;
import io.itmcp.gateway.tools.process.TopTool;
import java.util.List;

/** Every tool the gateway knows, in the order they are listed to clients. */
public final class ToolCatalog {

  private ToolCatalog() {}

  /** Every tool, ssh credentials taken from the original ITMCP environment variables. */
  public static List<ToolDefinition> all() {
    return all(SshCredentials.fromEnvironment(System.getenv()));
  }

  public static List<ToolDefinition> all(SshCredentials sshCredentials) {
    return all(sshCredentials, CaptureScope.Resolver.SYSTEM);
  }

  /**
   * With the resolver that turns allowed names into addresses at call time: those tcpdump_tool may
   * capture, and the one http_check_tool pins its connection to.
   */
  public static List<ToolDefinition> all(
      SshCredentials sshCredentials, CaptureScope.Resolver captureResolver) {
    return List.of(
        new SshTool(sshCredentials),
        new PingTool(),
        new NslookupTool(),
        new TelnetTool(),
        new DigTool(),
        new TcpdumpTool(captureResolver),
        new PsTool(),
        new CatTool(),
        new TopTool(),
        new GrepTool(),
        new HeadTool(),
        new TailTool(),
        new TracerouteTool(),
        new HttpCheckTool(captureResolver),
        new TlsCheckTool());
  }
}
