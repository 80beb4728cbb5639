package io.itmcp.gateway.runtime.local;

import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs one command (already wrapped in bubblewrap, or bare when unsandboxed): stdin from /dev/null,
 * a fixed environment, a deadline that kills the whole process tree, the output cap, progress every
 * second, and cancellation by interrupting the calling thread.
 */
final class ProcessRunner {

  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

  /** How long a command has to end after SIGTERM (tcpdump prints its counts) before SIGKILL. */
  static final Duration KILL_GRACE = Duration.ofMillis(500);

  private static final Duration READER_WAIT = Duration.ofSeconds(2);

  /** The exit status reported when the command could not be started at all (as a shell would). */
  static final int CANNOT_START = 127;

  private ProcessRunner() {}

  /**
   * Starts the command; {@code onStart} learns the process so that the sandbox can kill it on
   * close.
   */
  static ExecResult run(
      List<String> command,
      Duration deadline,
      long maxOutputBytes,
      ProgressListener progress,
      Consumer<Process> onStart,
      Consumer<Process> onEnd)
      throws InterruptedException {
    return run(command, deadline, maxOutputBytes, Long.MAX_VALUE, progress, onStart, onEnd);
  }

  /**
   * As above, stdout keeping at most {@code maxStdoutBytes} of the shared cap (see {@link
   * OutputBudget}).
   */
  static ExecResult run(
      List<String> command,
      Duration deadline,
      long maxOutputBytes,
      long maxStdoutBytes,
      ProgressListener progress,
      Consumer<Process> onStart,
      Consumer<Process> onEnd)
      throws InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .directory(new File("/"));
    Map<String, String> env = builder.environment();
    env.clear();
    for (int i = 0; i < BwrapCommand.ENVIRONMENT.size(); i += 2) {
      env.put(BwrapCommand.ENVIRONMENT.get(i), BwrapCommand.ENVIRONMENT.get(i + 1));
    }
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new ExecResult(
          CANNOT_START,
          "",
          "cannot start " + command.get(0) + ": " + e.getMessage(),
          false,
          false,
          0);
    }
    onStart.accept(process);
    try {
      OutputBudget budget = new OutputBudget(maxOutputBytes);
      ByteArrayOutputStream stdout = new ByteArrayOutputStream();
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      Future<?> out = budget.drain(process.getInputStream(), stdout, maxStdoutBytes);
      Future<?> err = budget.drain(process.getErrorStream(), stderr);
      boolean timedOut = false;
      long deadlineNanos = start + deadline.toNanos();
      try {
        while (true) {
          long left = deadlineNanos - System.nanoTime();
          if (left <= 0) {
            timedOut = true;
            killTree(process);
            break;
          }
          if (process.waitFor(Math.min(left, PROGRESS_INTERVAL.toNanos()), TimeUnit.NANOSECONDS)) {
            break;
          }
          progress.onProgress(elapsedMs(start), budget.bytesSeen());
        }
      } catch (InterruptedException e) {
        killTree(process);
        joinReaders(process, out, err);
        throw e;
      }
      joinReaders(process, out, err);
      int exit = timedOut ? -1 : process.exitValue();
      return new ExecResult(
          exit,
          OutputBudget.text(stdout),
          OutputBudget.text(stderr),
          budget.truncated(),
          timedOut,
          elapsedMs(start));
    } finally {
      onEnd.accept(process);
    }
  }

  /**
   * Waits for the output of a finished command; a straggler that still holds the pipes is killed.
   */
  private static void joinReaders(Process process, Future<?> out, Future<?> err) {
    boolean interrupted = Thread.interrupted();
    try {
      long until = System.nanoTime() + READER_WAIT.toNanos();
      for (Future<?> reader : List.of(out, err)) {
        awaitReader(reader, until - System.nanoTime());
      }
      if (!out.isDone() || !err.isDone()) {
        killTree(process);
        closeQuietly(process);
        awaitReader(out, READER_WAIT.toNanos());
        awaitReader(err, READER_WAIT.toNanos());
      }
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits at most {@code nanos} for a reader; one that is still reading is dealt with above. */
  private static void awaitReader(Future<?> reader, long nanos) throws InterruptedException {
    try {
      reader.get(Math.max(1, nanos), TimeUnit.NANOSECONDS);
    } catch (TimeoutException stillReading) {
      // the command's pipes are still held open
    } catch (ExecutionException e) {
      // a reader ends on its stream's end or close; nothing else is expected from it
    }
  }

  private static void closeQuietly(Process process) {
    try {
      process.getInputStream().close();
      process.getErrorStream().close();
    } catch (IOException e) {
      // already closed
    }
  }

  /**
   * SIGTERM to every process below the command (the tool inside the sandbox can end cleanly), then,
   * after a short grace, SIGKILL to the command and everything still below it. Killing bubblewrap
   * ends the sandbox's pid namespace, which takes every process in it along.
   */
  static void killTree(Process process) {
    List<ProcessHandle> below = new ArrayList<>(process.descendants().toList());
    below.forEach(ProcessHandle::destroy);
    if (below.isEmpty()) {
      process.destroy();
    }
    long until = System.nanoTime() + KILL_GRACE.toNanos();
    while (process.isAlive() && System.nanoTime() < until) {
      try {
        process.waitFor(20, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    boolean interrupted = Thread.interrupted();
    below.addAll(process.descendants().toList());
    below.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static long elapsedMs(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
