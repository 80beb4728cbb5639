package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.ssh.SshKeyDirectory;
import io.itmcp.gateway.testing.TestPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every tool call is exactly one exec in the session's sandbox, whatever the runtime (the runner is
 * the only caller of {@link Sandbox#exec}; the local and pod runtimes turn one exec into one
 * bubblewrap spawn or one pod exec). File tools included: the race-free reader opens and reads in
 * the same exec. The one exception is http_check_tool asked to follow redirects: one exec per hop,
 * each planned and checked by the gateway from what the last returned (HttpCheckToolTest).
 */
class OneExecPerCallTest {

  @TempDir Path keys;

  /** Succeeds at once and counts. */
  private static final class CountingSandbox implements Sandbox {
    final List<List<String>> execs = new CopyOnWriteArrayList<>();

    @Override
    public ExecResult exec(ExecRequest request, ProgressListener progress) {
      execs.add(request.argv());
      return new ExecResult(0, "", "", false, false, 1);
    }

    @Override
    public void close() {}
  }

  @Test
  void everyToolOfTheCatalogRunsOneExecPerCall() throws Exception {
    Files.writeString(keys.resolve("id_ed25519"), "not a real key\n");
    Files.writeString(keys.resolve("known_hosts"), "");
    List<ToolDefinition> catalog =
        ToolCatalog.all(SshKeyDirectory.mountedSecret(keys), TestPolicies.NO_LOOKUPS);
    assertThat(catalog).hasSize(ToolName.values().length);
    for (ToolDefinition tool : catalog) {
      CountingSandbox sandbox = new CountingSandbox();
      ToolPlan plan = tool.plan(HostileCallsTest.VALID.get(tool.name()), HostileCallsTest.POLICY);
      ToolCallRunner.Outcome o =
          ToolCallRunner.run(sandbox, plan, HostileCallsTest.POLICY, ProgressListener.NONE);
      assertThat(sandbox.execs).as(tool.name().wireName()).containsExactly(plan.argv());
      assertThat(o.plan().argv()).isEqualTo(plan.argv());
    }
  }
}
