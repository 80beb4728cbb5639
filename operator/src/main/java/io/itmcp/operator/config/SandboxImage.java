package io.itmcp.operator.config;

/**
 * The sandbox image the operator runs when a policy names none. The sandbox-image build tags its
 * image with exactly this reference; keep the two in step.
 */
public final class SandboxImage {
  public static final String DEFAULT = "ghcr.io/itmcp/sandbox:0.1.0";

  /**
   * The non-root user and group the sandbox container runs as (the sandbox image's USER
   * 65532:65532).
   */
  public static final long SANDBOX_UID = 65532;

  public static final long SANDBOX_GID = 65532;

  private SandboxImage() {}
}
