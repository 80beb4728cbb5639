package io.itmcp.operator.render;

import static io.itmcp.operator.render.RenderSupport.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.itmcp.api.v1alpha1.ConfigMapSource;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.PersistentVolumeClaimSource;
import io.itmcp.api.v1alpha1.SandboxMount;
import io.itmcp.api.v1alpha1.SandboxToleration;
import io.itmcp.api.v1alpha1.SecretRef;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SshSpec;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.operator.Fixtures;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.SandboxImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionPodRendererTest {

  private static Pod pod(ItmcpPolicy policy) {
    ItmcpSession session = Fixtures.session("s1", policy.getMetadata().getName(), "alice");
    session.getMetadata().setUid("uid-1");
    return render(session, policy, Map.of(), EgressMode.NETWORK_POLICY).pod();
  }

  private static Container container(Pod pod, String name) {
    return pod.getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void defaultPodMeetsRestrictedAndOurHardening() {
    Pod pod = pod(Fixtures.policy("p", List.of("db.example.com")));
    assertThat(PodSecurityChecker.restricted(pod)).isEmpty();
    assertThat(PodSecurityChecker.itmcpHardening(pod, "sandbox")).isEmpty();
    assertThat(pod.getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("sandbox");
  }

  @Test
  void checkerReportsEveryRestrictedViolation() {
    Pod bad =
        new PodBuilder(pod(Fixtures.policy("p", List.of())))
            .editSpec()
            .withHostNetwork(true)
            .withHostPID(true)
            .withHostIPC(true)
            .editFirstContainer()
            .editSecurityContext()
            .withPrivileged(true)
            .withAllowPrivilegeEscalation(true)
            .withRunAsUser(0L)
            .withRunAsNonRoot(false)
            .withNewCapabilities()
            .withAdd("NET_RAW")
            .endCapabilities()
            .withNewSeccompProfile()
            .withType("Unconfined")
            .endSeccompProfile()
            .endSecurityContext()
            .endContainer()
            .addNewVolume()
            .withName("host")
            .withNewHostPath()
            .withPath("/")
            .endHostPath()
            .endVolume()
            .endSpec()
            .build();
    assertThat(PodSecurityChecker.restricted(bad))
        .contains(
            "hostNetwork",
            "hostPID",
            "hostIPC",
            "hostPath volume host",
            "sandbox: privileged",
            "sandbox: adds capability NET_RAW",
            "sandbox: seccomp Unconfined",
            "volume type hostPath of host",
            "sandbox: runAsNonRoot not true",
            "sandbox: runAsUser 0",
            "sandbox: allowPrivilegeEscalation not false",
            "sandbox: capabilities do not drop ALL",
            "sandbox: restricted allows adding only NET_BIND_SERVICE, not NET_RAW");
  }

  @Test
  void sandboxContainerIsLockedDown() {
    Pod pod = pod(Fixtures.policy("p", List.of()));
    Container sandbox = container(pod, "sandbox");
    assertThat(sandbox.getCommand()).containsExactly("sleep", "infinity");
    assertThat(sandbox.getImage()).isEqualTo(SandboxImage.DEFAULT);
    assertThat(sandbox.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(sandbox.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(sandbox.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sandbox.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(sandbox.getSecurityContext().getRunAsUser()).isEqualTo(SandboxImage.SANDBOX_UID);
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSpec().getEnableServiceLinks()).isFalse();
  }

  @Test
  void pingWorksThroughTheSafeSysctlForTheSandboxGroupOnly() {
    Pod pod = pod(Fixtures.policy("p", List.of()));
    assertThat(pod.getSpec().getSecurityContext().getSysctls())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getName()).isEqualTo("net.ipv4.ping_group_range");
              assertThat(s.getValue())
                  .isEqualTo(SandboxImage.SANDBOX_GID + " " + SandboxImage.SANDBOX_GID);
            });
  }

  @Test
  void tmpIsASizeLimitedEmptyDir() {
    Pod pod = pod(Fixtures.policy("p", List.of()));
    Volume tmp =
        pod.getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("tmp"))
            .findFirst()
            .orElseThrow();
    assertThat(tmp.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("64Mi"));
    assertThat(container(pod, "sandbox").getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo("tmp");
              assertThat(m.getMountPath()).isEqualTo("/tmp");
            });
  }

  @Test
  void labelsOwnerAndDeterministicName() {
    Pod pod = pod(Fixtures.policy("netops", List.of()));
    assertThat(pod.getMetadata().getName()).isEqualTo("s1-sandbox");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry(SessionContract.SESSION_LABEL, "s1")
        .containsEntry(SessionContract.POLICY_LABEL, "netops");
    assertThat(pod.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("ItmcpSession");
              assertThat(o.getUid()).isEqualTo("uid-1");
              assertThat(o.getController()).isTrue();
            });
  }

  @Test
  void activeDeadlineIsTheSessionTtlCappedByThePolicy() {
    ItmcpPolicy policy = Fixtures.policy("p", List.of());
    ItmcpSession session = Fixtures.session("s1", "p", "alice");
    session.getSpec().setTtlSeconds(600L);
    assertThat(
            render(session, policy, Map.of(), EgressMode.NETWORK_POLICY)
                .pod()
                .getSpec()
                .getActiveDeadlineSeconds())
        .isEqualTo(600L);
    session.getSpec().setTtlSeconds(99_999L);
    assertThat(
            render(session, policy, Map.of(), EgressMode.NETWORK_POLICY)
                .pod()
                .getSpec()
                .getActiveDeadlineSeconds())
        .isEqualTo(3600L);
    session.getMetadata().setCreationTimestamp(RenderSupport.NOW.minusSeconds(1000).toString());
    assertThat(
            render(session, policy, Map.of(), EgressMode.NETWORK_POLICY)
                .pod()
                .getSpec()
                .getActiveDeadlineSeconds())
        .isEqualTo(2600L);
  }

  @Test
  void tcpdumpGetsItsOwnBaselineCaptureContainerAndTheSandboxStaysRestricted() {
    ItmcpPolicy policy = Fixtures.policy("p", List.of());
    policy.getSpec().setTools(List.of(ToolName.PING, ToolName.TCPDUMP));
    Pod pod = pod(policy);
    assertThat(pod.getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("sandbox", "capture");
    assertThat(PodSecurityChecker.baseline(pod)).isEmpty();
    assertThat(PodSecurityChecker.restrictedContainer(pod, "sandbox")).isEmpty();
    assertThat(PodSecurityChecker.restricted(pod))
        .isNotEmpty()
        .allMatch(v -> v.startsWith("capture:"));
    var capture = container(pod, "capture").getSecurityContext();
    assertThat(capture.getRunAsUser()).isZero();
    assertThat(capture.getPrivileged()).isFalse();
    assertThat(capture.getAllowPrivilegeEscalation()).isFalse();
    assertThat(capture.getReadOnlyRootFilesystem()).isTrue();
    assertThat(capture.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(capture.getCapabilities().getDrop())
        .as("tcpdump keeps NET_RAW to capture and SETUID/SETGID to drop to its own user")
        .doesNotContain("NET_RAW", "SETUID", "SETGID")
        .contains(
            "NET_ADMIN",
            "SYS_ADMIN",
            "SYS_PTRACE",
            "DAC_OVERRIDE",
            "CHOWN",
            "FOWNER",
            "KILL",
            "BPF");
    assertThat(container(pod, "capture").getVolumeMounts()).isNullOrEmpty();
  }

  @Test
  void sshSecretMountedReadOnly0400OnlyWhenSshIsEnabled() {
    ItmcpPolicy policy = Fixtures.policy("p", List.of());
    SshSpec ssh = new SshSpec();
    SecretRef ref = new SecretRef();
    ref.setName("keys");
    ssh.setSecretRef(ref);
    policy.getSpec().setSsh(ssh);
    assertThat(pod(policy).getSpec().getVolumes()).noneMatch(v -> v.getSecret() != null);

    policy.getSpec().setTools(List.of(ToolName.SSH));
    Pod pod = pod(policy);
    Volume secret =
        pod.getSpec().getVolumes().stream()
            .filter(v -> v.getSecret() != null)
            .findFirst()
            .orElseThrow();
    assertThat(secret.getSecret().getSecretName()).isEqualTo("keys");
    assertThat(secret.getSecret().getDefaultMode()).isEqualTo(0400);
    assertThat(container(pod, "sandbox").getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo(secret.getName());
              assertThat(m.getMountPath()).isEqualTo("/var/run/itmcp/ssh");
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(PodSecurityChecker.restricted(pod)).isEmpty();
  }

  @Test
  void mountsAreReadOnlyAndPlacementComesFromThePolicy() {
    ItmcpPolicy policy = Fixtures.policy("p", List.of());
    SandboxMount cm = new SandboxMount();
    cm.setName("logs");
    cm.setMountPath("/var/log/app");
    ConfigMapSource source = new ConfigMapSource();
    source.setName("app-logs");
    cm.setConfigMap(source);
    SandboxMount pvc = new SandboxMount();
    pvc.setName("data");
    pvc.setMountPath("/srv/data");
    PersistentVolumeClaimSource claim = new PersistentVolumeClaimSource();
    claim.setClaimName("data-claim");
    pvc.setPersistentVolumeClaim(claim);
    policy.getSpec().setAllowedDirectories(List.of("/var/log/app", "/srv/data"));
    policy.getSpec().getSandbox().setMounts(List.of(cm, pvc));
    policy.getSpec().getSandbox().setRuntimeClassName("gvisor");
    policy.getSpec().getSandbox().setNodeSelector(Map.of("pool", "sandbox"));
    SandboxToleration toleration = new SandboxToleration();
    toleration.setKey("sandbox");
    toleration.setOperator(SandboxToleration.Operator.Exists);
    toleration.setEffect(SandboxToleration.Effect.NoSchedule);
    policy.getSpec().getSandbox().setTolerations(List.of(toleration));
    policy.getSpec().getSandbox().setImage("registry.example/sandbox:2");
    policy
        .getSpec()
        .getSandbox()
        .setResources(
            new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("1Gi")).build());
    Pod pod = pod(policy);
    assertThat(container(pod, "sandbox").getVolumeMounts())
        .filteredOn(m -> m.getName().startsWith("mount-"))
        .hasSize(2)
        .allMatch(m -> Boolean.TRUE.equals(m.getReadOnly()));
    assertThat(pod.getSpec().getVolumes())
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
        .singleElement()
        .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue());
    assertThat(pod.getSpec().getRuntimeClassName()).isEqualTo("gvisor");
    assertThat(pod.getSpec().getNodeSelector()).containsEntry("pool", "sandbox");
    assertThat(pod.getSpec().getTolerations())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getKey()).isEqualTo("sandbox");
              assertThat(t.getOperator()).isEqualTo("Exists");
              assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
    assertThat(container(pod, "sandbox").getImage()).isEqualTo("registry.example/sandbox:2");
    assertThat(container(pod, "sandbox").getResources().getLimits())
        .containsEntry("memory", new Quantity("1Gi"))
        .containsEntry("cpu", new Quantity("500m"));
    assertThat(PodSecurityChecker.restricted(pod)).isEmpty();
  }

  @Test
  void aMountWithoutASourceIsRefused() {
    ItmcpPolicy policy = Fixtures.policy("p", List.of());
    SandboxMount empty = new SandboxMount();
    empty.setName("x");
    empty.setMountPath("/x");
    policy.getSpec().setAllowedDirectories(List.of("/x"));
    policy.getSpec().getSandbox().setMounts(new ArrayList<>(List.of(empty)));
    // Refused by the policy engine when the policy compiles, and by the renderer on its own.
    assertThatThrownBy(() -> pod(policy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("configMap")
        .hasMessageContaining("persistentVolumeClaim");
    SessionRenderInput compiled =
        RenderSupport.input(
            Fixtures.session("s1", "p", "alice"),
            Fixtures.policy("p", List.of()),
            Map.of(),
            EgressMode.NETWORK_POLICY);
    compiled.policy().getSpec().getSandbox().setMounts(List.of(empty));
    assertThatThrownBy(() -> SessionPodRenderer.render(compiled, RenderSupport.OPTIONS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither a configMap nor a persistentVolumeClaim");
  }
}
