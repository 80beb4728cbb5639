package io.itmcp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The workload checks catch each weakening of a hardened Deployment, one at a time. */
class WorkloadInvariantsTest {

  @Test
  void aHardenedDeploymentPasses() {
    assertThat(WorkloadInvariants.violations(hardened())).isEmpty();
  }

  static Stream<Arguments> weakenings() {
    return Stream.of(
        weakening(
            "runAsNonRoot unset",
            c -> c.getSecurityContext().setRunAsNonRoot(null),
            "runAsNonRoot"),
        weakening("runs as uid 0", c -> c.getSecurityContext().setRunAsUser(0L), "runAsUser"),
        weakening(
            "writable root fs",
            c -> c.getSecurityContext().setReadOnlyRootFilesystem(false),
            "writable root filesystem"),
        weakening(
            "privilege escalation unset",
            c -> c.getSecurityContext().setAllowPrivilegeEscalation(null),
            "allowPrivilegeEscalation"),
        weakening("privileged", c -> c.getSecurityContext().setPrivileged(true), "is privileged"),
        weakening(
            "drops only NET_RAW",
            c -> c.getSecurityContext().getCapabilities().setDrop(List.of("NET_RAW")),
            "drop ALL"),
        weakening(
            "adds NET_ADMIN",
            c -> c.getSecurityContext().getCapabilities().setAdd(List.of("NET_ADMIN")),
            "adds capabilities"),
        weakening(
            "seccomp Unconfined",
            c -> c.getSecurityContext().getSeccompProfile().setType("Unconfined"),
            "seccomp"),
        weakening("no liveness probe", c -> c.setLivenessProbe(null), "liveness"),
        weakening("no readiness probe", c -> c.setReadinessProbe(null), "readiness"),
        weakening(
            "no memory limit", c -> c.getResources().getLimits().remove("memory"), "memory limit"),
        weakening(
            "no cpu request", c -> c.getResources().getRequests().remove("cpu"), "cpu request"),
        weakening("latest tag", c -> c.setImage("ghcr.io/itmcp/gateway:latest"), "not pinned"),
        weakening("no tag", c -> c.setImage("ghcr.io/itmcp/gateway"), "not pinned"),
        weakening(
            "registry port, no tag",
            c -> c.setImage("registry.local:5000/itmcp/gateway"),
            "not pinned"));
  }

  private static Arguments weakening(String name, Consumer<Container> change, String expected) {
    return Arguments.of(name, change, expected);
  }

  @ParameterizedTest(name = "{0} is reported")
  @MethodSource("weakenings")
  void eachWeakeningIsReported(String name, Consumer<Container> change, String expected) {
    Deployment deployment = hardened();
    change.accept(deployment.getSpec().getTemplate().getSpec().getContainers().get(0));
    assertThat(WorkloadInvariants.violations(deployment))
        .singleElement()
        .asString()
        .contains(expected);
  }

  @Test
  void podLevelWeakeningsAreReported() {
    Deployment hostNetwork = hardened();
    hostNetwork.getSpec().getTemplate().getSpec().setHostNetwork(true);
    assertThat(WorkloadInvariants.violations(hostNetwork))
        .singleElement()
        .asString()
        .contains("host namespace");

    Deployment hostPath = hardened();
    hostPath
        .getSpec()
        .getTemplate()
        .getSpec()
        .setVolumes(
            List.of(
                new VolumeBuilder()
                    .withName("root")
                    .withNewHostPath()
                    .withPath("/")
                    .endHostPath()
                    .build()));
    assertThat(WorkloadInvariants.violations(hostPath))
        .singleElement()
        .asString()
        .contains("host path /");
  }

  @Test
  void podLevelSettingsCountForTheContainer() {
    Deployment deployment = hardened();
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    container.getSecurityContext().setRunAsNonRoot(null);
    container.getSecurityContext().setRunAsUser(null);
    container.getSecurityContext().setSeccompProfile(null);
    pod.setSecurityContext(
        new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder()
            .withRunAsNonRoot(true)
            .withRunAsUser(65532L)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .build());
    assertThat(WorkloadInvariants.violations(deployment)).isEmpty();
  }

  @ParameterizedTest(name = "{0} pinned: {1}")
  @CsvSource({
    "ghcr.io/itmcp/operator:0.1.0, true",
    "registry.local:5000/itmcp/operator:0.1.0, true",
    "ghcr.io/itmcp/operator@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, true",
    "ghcr.io/itmcp/operator:latest, false",
    "ghcr.io/itmcp/operator, false",
    "registry.local:5000/itmcp/operator, false",
    "ghcr.io/itmcp/operator:, false",
    "ghcr.io/itmcp/operator@sha256:abc, false"
  })
  void imagePinning(String image, boolean pinned) {
    assertThat(WorkloadInvariants.isPinned(image)).isEqualTo(pinned);
  }

  private static Deployment hardened() {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("itmcp-gateway")
        .withNamespace("itmcp-system")
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("gateway")
        .withImage("ghcr.io/itmcp/gateway:0.1.0")
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(65532L)
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withPrivileged(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withNewLivenessProbe()
        .withNewHttpGet()
        .withPath("/healthz")
        .withPort(new IntOrString("http"))
        .endHttpGet()
        .endLivenessProbe()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/healthz")
        .withPort(new IntOrString("http"))
        .endHttpGet()
        .endReadinessProbe()
        .withNewResources()
        .addToRequests("cpu", new Quantity("100m"))
        .addToRequests("memory", new Quantity("128Mi"))
        .addToLimits("cpu", new Quantity("1"))
        .addToLimits("memory", new Quantity("256Mi"))
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
