package io.itmcp.e2e.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.operator.config.OperatorOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The translation of the operator's real Pod into docker run settings (pure; no engine needed). */
class PodToDockerSettingsTest {
  static final String POLICY =
      """
      apiVersion: itmcp.io/v1alpha1
      kind: ItmcpPolicy
      metadata: {name: unit, namespace: itmcp-sandboxes}
      spec:
        tools: [ssh, ping, tcpdump, cat]
        allowedHosts: [10.9.0.0/24]
        allowedDirectories: [/srv/files]
        allowedRemoteCommands: [uname -n]
        ssh: {secretRef: {name: unit-ssh}}
        sandbox:
          mounts:
            - {name: files, mountPath: /srv/files, configMap: {name: files}}
      """;
  static final VolumeBinder BINDER = (volume, fsGroup) -> Path.of("/host", volume.getName());

  private final Pod pod = TestSession.render(POLICY, Map.of()).rendered().pod();

  private DockerRunSettings sandbox() {
    return PodToDockerSettings.translate(
        pod, SessionContract.SANDBOX_CONTAINER, new NetworkAttachment.Own("net"), BINDER);
  }

  @Test
  void sandboxContainerGetsEverySettingOfTheRenderedPod() {
    DockerRunSettings s = sandbox();
    assertThat(s.options()).contains("--read-only");
    assertThat(s.options()).containsSubsequence("--security-opt", "no-new-privileges");
    assertThat(s.options("--cap-drop")).containsExactly("ALL");
    assertThat(s.options("--cap-add"))
        .as("restricted: nothing comes back after drop ALL")
        .isEmpty();
    long uid = pod.getSpec().getSecurityContext().getRunAsUser();
    long gid = pod.getSpec().getSecurityContext().getRunAsGroup();
    assertThat(s.option("--user")).isEqualTo(uid + ":" + gid);
    assertThat(s.options("--sysctl"))
        .containsExactlyInAnyOrder(
            "net.ipv4.ping_group_range=" + gid + " " + gid,
            "net.ipv4.ip_unprivileged_port_start=1024");
    assertThat(s.options("--tmpfs"))
        .containsExactly(
            "/tmp:rw,nosuid,nodev,exec,size="
                + io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                        new io.fabric8.kubernetes.api.model.Quantity(
                            OperatorOptions.defaults().tmpSizeLimit()))
                    .toBigInteger()
                + ",mode=1777");
    assertThat(s.options("--mount"))
        .contains(
            "type=bind,source=/host/mount-files,target=/srv/files,readonly",
            "type=bind,source=/host/ssh,target="
                + OperatorOptions.defaults().sshMountPath()
                + ",readonly");
    assertThat(s.option("--memory")).isEqualTo(Long.toString(256L * 1024 * 1024));
    assertThat(s.option("--cpus")).isEqualTo("0.5");
    assertThat(s.option("--network")).isEqualTo("net");
    assertThat(s.option("--entrypoint")).isEqualTo("sleep");
    assertThat(s.args()).containsExactly("infinity");
    assertThat(s.options())
        .as("RuntimeDefault seccomp is Docker's default profile: never unconfined")
        .doesNotContain("seccomp=unconfined");
    assertThat(s.notEnforced()).anyMatch(n -> n.startsWith("spec.activeDeadlineSeconds"));
  }

  @Test
  void captureContainerJoinsTheSandboxNetworkNamespaceWithItsOwnCapabilities() {
    DockerRunSettings c =
        PodToDockerSettings.translate(
            pod,
            SessionContract.CAPTURE_CONTAINER,
            new NetworkAttachment.Join("the-sandbox"),
            BINDER);
    assertThat(c.option("--network")).isEqualTo("container:the-sandbox");
    assertThat(c.options("--sysctl"))
        .as("the pod's network sysctls live on the namespace owner")
        .isEmpty();
    assertThat(c.options("--cap-drop")).containsExactly("ALL");
    assertThat(c.options("--cap-add"))
        .as("what the runtime default keeps after the rendered drop list")
        .containsExactlyInAnyOrderElementsOf(
            PodToDockerSettings.effectiveCapabilities(
                pod.getSpec().getContainers().get(1).getSecurityContext().getCapabilities()));
    assertThat(c.options("--cap-add")).contains("NET_RAW");
    assertThat(c.option("--user")).startsWith("0:");
    assertThat(c.options())
        .contains("--read-only")
        .containsSubsequence("--security-opt", "no-new-privileges");
  }

  @Test
  void anUnknownPodFieldFailsLoudly() {
    Pod changed = new PodBuilder(pod).editSpec().withHostname("sneaky").endSpec().build();
    assertThatThrownBy(
            () ->
                PodToDockerSettings.translate(
                    changed,
                    SessionContract.SANDBOX_CONTAINER,
                    new NetworkAttachment.Own("net"),
                    BINDER))
        .isInstanceOf(UntranslatablePodException.class)
        .hasMessageContaining("spec.hostname");
    Pod workingDir =
        new PodBuilder(pod)
            .editSpec()
            .editFirstContainer()
            .withWorkingDir("/tmp")
            .endContainer()
            .endSpec()
            .build();
    assertThatThrownBy(
            () ->
                PodToDockerSettings.translate(
                    workingDir,
                    SessionContract.SANDBOX_CONTAINER,
                    new NetworkAttachment.Own("net"),
                    BINDER))
        .isInstanceOf(UntranslatablePodException.class)
        .hasMessageContaining("spec.containers[0].workingDir");
    Pod newCap =
        new PodBuilder(pod)
            .editSpec()
            .editFirstContainer()
            .editSecurityContext()
            .withProcMount("Unmasked")
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();
    assertThatThrownBy(
            () ->
                PodToDockerSettings.translate(
                    newCap,
                    SessionContract.SANDBOX_CONTAINER,
                    new NetworkAttachment.Own("net"),
                    BINDER))
        .isInstanceOf(UntranslatablePodException.class)
        .hasMessageContaining("procMount");
  }

  @Test
  void valuesItCannotReproduceFailLoudly() {
    Pod root =
        new PodBuilder(pod)
            .editSpec()
            .editFirstContainer()
            .editSecurityContext()
            .withRunAsUser(0L)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();
    assertThatThrownBy(
            () ->
                PodToDockerSettings.translate(
                    root,
                    SessionContract.SANDBOX_CONTAINER,
                    new NetworkAttachment.Own("net"),
                    BINDER))
        .hasMessageContaining("runAsNonRoot");
    Pod hostNet = new PodBuilder(pod).editSpec().withHostNetwork(true).endSpec().build();
    assertThatThrownBy(
            () ->
                PodToDockerSettings.translate(
                    hostNet,
                    SessionContract.SANDBOX_CONTAINER,
                    new NetworkAttachment.Own("net"),
                    BINDER))
        .hasMessageContaining("hostNetwork");
    Pod privileged =
        new PodBuilder(pod)
            .editSpec()
            .editFirstContainer()
            .editSecurityContext()
            .withPrivileged(true)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();
    assertThatThrownBy(
            () ->
                PodToDockerSettings.translate(
                    privileged,
                    SessionContract.SANDBOX_CONTAINER,
                    new NetworkAttachment.Own("net"),
                    BINDER))
        .hasMessageContaining("privileged");
    Pod unboundedTmp =
        new PodBuilder(pod)
            .editSpec()
            .editFirstVolume()
            .editEmptyDir()
            .withSizeLimit(null)
            .endEmptyDir()
            .endVolume()
            .endSpec()
            .build();
    assertThatThrownBy(
            () ->
                PodToDockerSettings.translate(
                    unboundedTmp,
                    SessionContract.SANDBOX_CONTAINER,
                    new NetworkAttachment.Own("net"),
                    BINDER))
        .hasMessageContaining("sizeLimit");
    Pod gvisor = new PodBuilder(pod).editSpec().withRuntimeClassName("gvisor").endSpec().build();
    assertThatThrownBy(
            () ->
                PodToDockerSettings.translate(
                    gvisor,
                    SessionContract.SANDBOX_CONTAINER,
                    new NetworkAttachment.Own("net"),
                    BINDER))
        .hasMessageContaining("runtimeClassName");
  }

  @Test
  void withoutThePodsSysctlUnprivilegedPingStaysClosedAsOnAContainerdNode() {
    Pod noSysctl =
        new PodBuilder(pod)
            .editSpec()
            .editSecurityContext()
            .withSysctls(List.of())
            .endSecurityContext()
            .endSpec()
            .build();
    DockerRunSettings s =
        PodToDockerSettings.translate(
            noSysctl, SessionContract.SANDBOX_CONTAINER, new NetworkAttachment.Own("net"), BINDER);
    assertThat(s.options("--sysctl")).contains("net.ipv4.ping_group_range=1 0");
  }

  @Test
  void capabilitiesAreAppliedToTheRuntimeDefaultSet() {
    assertThat(PodToDockerSettings.effectiveCapabilities(null))
        .containsExactlyInAnyOrderElementsOf(PodToDockerSettings.RUNTIME_DEFAULT_CAPABILITIES);
    assertThat(
            PodToDockerSettings.effectiveCapabilities(
                new io.fabric8.kubernetes.api.model.CapabilitiesBuilder()
                    .withDrop("ALL")
                    .withAdd("CAP_NET_RAW")
                    .build()))
        .containsExactly("NET_RAW");
    assertThat(
            PodToDockerSettings.effectiveCapabilities(
                new io.fabric8.kubernetes.api.model.CapabilitiesBuilder()
                    .withDrop(List.of("SETUID", "BPF"))
                    .build()))
        .doesNotContain("SETUID")
        .contains("SETGID");
  }
}
