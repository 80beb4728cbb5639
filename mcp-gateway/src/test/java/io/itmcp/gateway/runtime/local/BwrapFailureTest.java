package io.itmcp.gateway.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the gateway says when bubblewrap does not give it a sandbox: what failed and what to do. */
class BwrapFailureTest {

  @Test
  void aMissingBwrapIsToldToInstallIt() {
    LocalSandboxRuntime.Availability a = LocalSandboxRuntime.probe("/nonexistent/itmcp-no-bwrap");
    assertThat(a.available()).isFalse();
    assertThat(a.detail())
        .contains("cannot be started")
        .contains("install the 'bubblewrap' package");
  }

  @Test
  void aBwrapThatRunsButCannotBuildTheSandboxIsNotToldToInstallIt() {
    // /bin/false stands in for a bubblewrap that starts and fails: exit 1, nothing said.
    LocalSandboxRuntime.Availability a = LocalSandboxRuntime.probe("false");
    assertThat(a.available()).isFalse();
    assertThat(a.detail())
        .startsWith("bubblewrap is installed but could not build the sandbox (bwrap exited 1")
        .doesNotContain("install the");
  }

  @Test
  void dockersOverlayMountsAreNamedWithTheBindsTheSandboxNeeds() {
    String said =
        "bwrap: Can't bind mount /oldroot/ on /newroot/: Unable to apply mount flags: remount \"/newroot/var/lib/docker/overlay2/x/merged\": Operation not permitted";
    String detail = BwrapFailure.explain(true, 1, said);
    assertThat(detail)
        .startsWith(
            "bubblewrap is installed but could not build the sandbox (bwrap exited 1: "
                + said
                + ")")
        .contains("could not bind a host path read-only")
        .contains("Docker's overlay")
        .contains("/usr, /bin, /lib*, a few /etc files and the policy's allowed directories")
        .contains("--runtime kubernetes")
        .doesNotContain("install the");
  }

  @Test
  void refusedUserNamespacesAreNamedWithTheSettingsToCheck() {
    String detail =
        BwrapFailure.explain(
            true,
            1,
            "bwrap: No permissions to create new namespace, likely because the kernel does not allow non-privileged user namespaces.");
    assertThat(detail)
        .contains("unprivileged user namespaces")
        .contains("kernel.unprivileged_userns_clone")
        .contains("kernel.apparmor_restrict_unprivileged_userns");
    assertThat(BwrapFailure.explain(true, 1, "bwrap: setting up uid map: Permission denied"))
        .contains("unprivileged user namespaces");
  }
}
