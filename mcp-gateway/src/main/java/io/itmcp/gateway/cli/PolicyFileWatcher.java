package io.itmcp.gateway.cli;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the directory of the policy file and triggers on every event that names the file (an
 * editor may write it in place or write a new file and rename it over the old one), or a
 * Kubernetes-style {@code ..data} link swap beside it. What a trigger does (debounced reload) is
 * the caller's.
 */
final class PolicyFileWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyFileWatcher.class);

  private final WatchService watch;
  private final Thread thread;

  private PolicyFileWatcher(WatchService watch, Path file, Runnable onChange) {
    this.watch = watch;
    Path name = file.getFileName();
    this.thread = new Thread(() -> run(name, onChange), "itmcp-policy-watch");
    thread.setDaemon(true);
  }

  static PolicyFileWatcher start(Path file, Runnable onChange) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    WatchService watch = FileSystems.getDefault().newWatchService();
    dir.register(
        watch,
        StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    PolicyFileWatcher watcher = new PolicyFileWatcher(watch, absolute, onChange);
    watcher.thread.start();
    return watcher;
  }

  private void run(Path name, Runnable onChange) {
    try {
      while (true) {
        WatchKey key = watch.take();
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == StandardWatchEventKinds.OVERFLOW
              || event.context() instanceof Path changed
                  && (changed.equals(name) || changed.toString().equals("..data"))) {
            relevant = true;
          }
        }
        if (relevant) {
          onChange.run();
        }
        if (!key.reset()) {
          LOG.warn(
              "the policy file's directory can no longer be watched; SIGHUP still reloads the policy");
          return;
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  @Override
  public void close() throws IOException {
    watch.close();
  }
}
