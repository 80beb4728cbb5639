package io.itmcp.policy;

import io.itmcp.api.schema.CrdSchema;

/**
 * For a process that reads a policy file within its first second (a stdio gateway): makes, on a
 * daemon thread and while the caller parses its command line, what the reader of the file will
 * need: Jackson's reader of an ItmcpPolicy manifest (its deserializers, built once per mapper),
 * then the CRD's CEL rules ({@link CrdSchema#preparePolicyRules}). Nothing is skipped or added: the
 * reader uses what is ready and makes what is not. A class of its own, so that starting it loads
 * nothing on the caller's thread (PolicyLoader's class would build its mapper there).
 */
public final class PolicyWarmUp {

  private PolicyWarmUp() {}

  public static void startInBackground() {
    Thread warmUp =
        new Thread(
            () -> {
              try {
                PolicyLoader.prepareReader();
              } catch (RuntimeException e) {
                // the reader meets the same failure in line and reports it there
              }
              CrdSchema.preparePolicyRules();
            },
            "itmcp-policy-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
  }
}
