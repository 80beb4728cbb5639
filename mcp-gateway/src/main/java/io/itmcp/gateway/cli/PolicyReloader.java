package io.itmcp.gateway.cli;

import io.itmcp.gateway.session.ReloadablePolicy;
import io.itmcp.policy.EffectivePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the policy file again (on a change of the file, or SIGHUP) and puts the new policy in
 * force; a file that cannot be read or is not a valid policy is refused with what is wrong, and the
 * last good policy stays.
 */
final class PolicyReloader {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyReloader.class);

  /** What one reload did. */
  enum Outcome {
    APPLIED,
    UNCHANGED,
    REFUSED
  }

  private final Path file;
  private final Supplier<EffectivePolicy> load;
  private final ReloadablePolicy live;

  /** The text of the policy in force: a save that changed nothing is not announced. */
  private byte[] inForce;

  /**
   * As below, with the file's text as it is now taken for the text {@code live} was loaded from.
   */
  PolicyReloader(Path file, Supplier<EffectivePolicy> load, ReloadablePolicy live) {
    this(file, read(file), load, live);
  }

  /**
   * @param loadedText the file's text as read before {@code live} was loaded from it (an edit
   *     between the two is then seen as a change, never missed)
   * @param load reads and compiles {@code file}; throws with a message that says what is wrong
   */
  PolicyReloader(
      Path file, byte[] loadedText, Supplier<EffectivePolicy> load, ReloadablePolicy live) {
    this.file = file;
    this.load = load;
    this.live = live;
    this.inForce = loadedText;
  }

  synchronized Outcome reload(String why) {
    return reload(why, true);
  }

  /** Reloads only when the file's text differs from the one in force; quiet when it does not. */
  synchronized Outcome reloadIfChanged(String why) {
    return reload(why, false);
  }

  private Outcome reload(String why, boolean sayUnchanged) {
    byte[] text = read(file);
    if (text != null && Arrays.equals(text, inForce)) {
      if (sayUnchanged) {
        LOG.info("policy file {} read again ({}): unchanged", file, why);
      }
      return Outcome.UNCHANGED;
    }
    EffectivePolicy next;
    try {
      next = load.get();
    } catch (RuntimeException e) {
      LOG.error(
          "policy file {} not reloaded ({}): {}; policy '{}' as loaded before stays in force",
          file,
          why,
          e.getMessage(),
          live.current().name());
      return Outcome.REFUSED;
    }
    inForce = text;
    live.replace(next);
    LOG.info(
        "policy file {} reloaded ({}): policy '{}' in force from the next call; {} tool(s) enabled; clients told"
            + " that the tools changed",
        file,
        why,
        next.name(),
        next.tools().size());
    return Outcome.APPLIED;
  }

  /** The file's bytes; null when it cannot be read (the load then says why). */
  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return null; // the load says what is wrong
    }
  }
}
