package io.itmcp.gateway.tools;

import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sandbox that runs nothing: it records every exec so a test can prove that nothing would have
 * run.
 */
final class RecordingSandbox implements Sandbox {

  final List<List<String>> execs = new CopyOnWriteArrayList<>();

  @Override
  public ExecResult exec(ExecRequest request, ProgressListener progress) {
    execs.add(request.argv());
    throw new AssertionError("a refused call reached the sandbox with argv " + request.argv());
  }

  @Override
  public void close() {}
}
