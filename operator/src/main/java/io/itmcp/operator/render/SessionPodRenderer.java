package io.itmcp.operator.render;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.itmcp.api.v1alpha1.ItmcpPolicySpec;
import io.itmcp.api.v1alpha1.SandboxMount;
import io.itmcp.api.v1alpha1.SandboxSpec;
import io.itmcp.api.v1alpha1.SandboxToleration;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionNaming;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.config.SandboxImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox Pod of a session. The {@code sandbox} container meets Pod Security "restricted"; only
 * a policy that enables tcpdump adds the {@code capture} container, which runs as root keeping only
 * NET_RAW, SETUID and SETGID from the runtime's default set, and makes the pod Pod Security
 * "baseline".
 */
public final class SessionPodRenderer {
  /**
   * Every Linux capability but NET_RAW, SETUID and SETGID: dropped from the capture container, so
   * adding is never needed. tcpdump opens the interface with NET_RAW and then switches to its own
   * unprivileged user, which takes SETUID and SETGID; without them it exits ("Couldn't change to
   * 'tcpdump' uid") before capturing anything, as sandbox-image/check-image.sh shows.
   */
  static final List<String> CAPTURE_DROPPED_CAPABILITIES =
      List.of(
          "AUDIT_CONTROL",
          "AUDIT_READ",
          "AUDIT_WRITE",
          "BLOCK_SUSPEND",
          "BPF",
          "CHECKPOINT_RESTORE",
          "CHOWN",
          "DAC_OVERRIDE",
          "DAC_READ_SEARCH",
          "FOWNER",
          "FSETID",
          "IPC_LOCK",
          "IPC_OWNER",
          "KILL",
          "LEASE",
          "LINUX_IMMUTABLE",
          "MAC_ADMIN",
          "MAC_OVERRIDE",
          "MKNOD",
          "NET_ADMIN",
          "NET_BIND_SERVICE",
          "NET_BROADCAST",
          "PERFMON",
          "SETFCAP",
          "SETPCAP",
          "SYSLOG",
          "SYS_ADMIN",
          "SYS_BOOT",
          "SYS_CHROOT",
          "SYS_MODULE",
          "SYS_NICE",
          "SYS_PACCT",
          "SYS_PTRACE",
          "SYS_RAWIO",
          "SYS_RESOURCE",
          "SYS_TIME",
          "SYS_TTY_CONFIG",
          "WAKE_ALARM");

  static final String TMP_VOLUME = "tmp";
  static final String MOUNT_PREFIX = "mount-";
  static final String SSH_VOLUME = "ssh";
  static final int SSH_FILE_MODE = 0400;
  static final int CONFIGMAP_FILE_MODE = 0444;

  private SessionPodRenderer() {}

  public static Pod render(SessionRenderInput in, OperatorOptions options) {
    ItmcpPolicySpec spec = in.policy().getSpec();
    SandboxSpec sandbox = spec.getSandbox() == null ? new SandboxSpec() : spec.getSandbox();
    String image =
        sandbox.getImage() == null || sandbox.getImage().isBlank()
            ? options.defaultImage()
            : sandbox.getImage();
    long deadline =
        SessionTimes.secondsLeft(
            SessionTimes.expiresAt(in.session(), in.effective().limits(), in.now()), in.now());

    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName(TMP_VOLUME)
            .withNewEmptyDir()
            .withSizeLimit(new Quantity(options.tmpSizeLimit()))
            .endEmptyDir()
            .build());
    mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
    if (in.effective().tools().contains(ToolName.SSH)
        && spec.getSsh() != null
        && spec.getSsh().getSecretRef() != null
        && spec.getSsh().getSecretRef().getName() != null) {
      volumes.add(
          new VolumeBuilder()
              .withName(SSH_VOLUME)
              .withNewSecret()
              .withSecretName(spec.getSsh().getSecretRef().getName())
              .withDefaultMode(SSH_FILE_MODE)
              .endSecret()
              .build());
      mounts.add(
          new VolumeMountBuilder()
              .withName(SSH_VOLUME)
              .withMountPath(options.sshMountPath())
              .withReadOnly(true)
              .build());
    }
    for (SandboxMount mount :
        sandbox.getMounts() == null ? List.<SandboxMount>of() : sandbox.getMounts()) {
      String volumeName = MOUNT_PREFIX + mount.getName();
      if (mount.getName() == null || mount.getName().length() > SandboxMount.MAX_NAME) {
        throw new IllegalArgumentException(
            "sandbox.mounts name '"
                + mount.getName()
                + "' is longer than "
                + SandboxMount.MAX_NAME
                + " characters: the pod's volume '"
                + volumeName
                + "' would break Kubernetes'"
                + " 63-character bound on volume names");
      }
      VolumeBuilder volume = new VolumeBuilder().withName(volumeName);
      if (mount.getConfigMap() != null) {
        volume
            .withNewConfigMap()
            .withName(mount.getConfigMap().getName())
            .withDefaultMode(CONFIGMAP_FILE_MODE)
            .endConfigMap();
      } else if (mount.getPersistentVolumeClaim() != null) {
        volume
            .withNewPersistentVolumeClaim()
            .withClaimName(mount.getPersistentVolumeClaim().getClaimName())
            .withReadOnly(true)
            .endPersistentVolumeClaim();
      } else {
        throw new IllegalArgumentException(
            "sandbox.mounts '"
                + mount.getName()
                + "' names neither a configMap nor a persistentVolumeClaim");
      }
      volumes.add(volume.build());
      mounts.add(
          new VolumeMountBuilder()
              .withName(volumeName)
              .withMountPath(mount.getMountPath())
              .withReadOnly(true)
              .build());
    }

    List<Container> containers = new ArrayList<>();
    containers.add(sandboxContainer(image, resources(sandbox.getResources()), mounts));
    if (in.effective().tools().contains(ToolName.TCPDUMP)) {
      containers.add(captureContainer(image));
    }

    return new PodBuilder()
        .withNewMetadata()
        .withName(SessionNaming.pod(in.session()))
        .withNamespace(in.session().getMetadata().getNamespace())
        .withLabels(SessionLabels.of(in.session(), in.policy().getMetadata().getName()))
        .withOwnerReferences(SessionLabels.owner(in.session()))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withActiveDeadlineSeconds(deadline)
        .withTerminationGracePeriodSeconds(5L)
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withHostNetwork(false)
        .withHostPID(false)
        .withHostIPC(false)
        .withRuntimeClassName(blankToNull(sandbox.getRuntimeClassName()))
        .withNodeSelector(
            sandbox.getNodeSelector() == null || sandbox.getNodeSelector().isEmpty()
                ? null
                : new LinkedHashMap<>(sandbox.getNodeSelector()))
        .withTolerations(
            sandbox.getTolerations() == null || sandbox.getTolerations().isEmpty()
                ? null
                : sandbox.getTolerations().stream().map(SessionPodRenderer::toleration).toList())
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(SandboxImage.SANDBOX_UID)
        .withRunAsGroup(SandboxImage.SANDBOX_GID)
        .withFsGroup(SandboxImage.SANDBOX_GID)
        .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build())
        .addNewSysctl()
        .withName("net.ipv4.ping_group_range")
        .withValue(SandboxImage.SANDBOX_GID + " " + SandboxImage.SANDBOX_GID)
        .endSysctl()
        .endSecurityContext()
        .withContainers(containers)
        .withVolumes(volumes)
        .endSpec()
        .build();
  }

  private static Container sandboxContainer(
      String image, ResourceRequirements resources, List<VolumeMount> mounts) {
    return new ContainerBuilder()
        .withName(SessionContract.SANDBOX_CONTAINER)
        .withImage(image)
        .withImagePullPolicy("IfNotPresent")
        .withCommand("sleep", "infinity")
        .addNewEnv()
        .withName("HOME")
        .withValue("/tmp")
        .endEnv()
        .withResources(resources)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(SandboxImage.SANDBOX_UID)
        .withRunAsGroup(SandboxImage.SANDBOX_GID)
        .withAllowPrivilegeEscalation(false)
        .withPrivileged(false)
        .withReadOnlyRootFilesystem(true)
        .withCapabilities(dropAll())
        .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build())
        .endSecurityContext()
        .withVolumeMounts(mounts)
        .build();
  }

  /**
   * tcpdump's container: root so that NET_RAW is effective, every capability but NET_RAW, SETUID
   * and SETGID dropped and none added (adding NET_RAW would leave Pod Security "baseline"), so it
   * relies on the container runtime's default set holding them (containerd and Docker do; CRI-O
   * lacks NET_RAW).
   */
  private static Container captureContainer(String image) {
    return new ContainerBuilder()
        .withName(SessionContract.CAPTURE_CONTAINER)
        .withImage(image)
        .withImagePullPolicy("IfNotPresent")
        .withCommand("sleep", "infinity")
        .withResources(
            new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("10m"))
                .addToRequests("memory", new Quantity("16Mi"))
                .addToLimits("cpu", new Quantity("200m"))
                .addToLimits("memory", new Quantity("64Mi"))
                .build())
        .withNewSecurityContext()
        .withRunAsNonRoot(false)
        .withRunAsUser(0L)
        .withRunAsGroup(0L)
        .withAllowPrivilegeEscalation(false)
        .withPrivileged(false)
        .withReadOnlyRootFilesystem(true)
        .withCapabilities(new CapabilitiesBuilder().withDrop(CAPTURE_DROPPED_CAPABILITIES).build())
        .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build())
        .endSecurityContext()
        .build();
  }

  private static Capabilities dropAll() {
    return new CapabilitiesBuilder().withDrop("ALL").build();
  }

  private static Toleration toleration(SandboxToleration t) {
    return new TolerationBuilder()
        .withKey(t.getKey())
        .withOperator(t.getOperator() == null ? null : t.getOperator().name())
        .withValue(t.getValue())
        .withEffect(t.getEffect() == null ? null : t.getEffect().name())
        .withTolerationSeconds(t.getTolerationSeconds())
        .build();
  }

  /**
   * Requests and limits of the sandbox container: what the policy sets, and defaults for what it
   * leaves out. A default limit below the policy's request is raised to the request (the API server
   * refuses a request above its limit); a policy that sets both that way is refused here, naming
   * the resource. Resource claims are never copied: the pod declares none.
   */
  static ResourceRequirements resources(ResourceRequirements fromPolicy) {
    Map<String, Quantity> requests = new LinkedHashMap<>(Map.of());
    Map<String, Quantity> limits = new LinkedHashMap<>();
    requests.put("cpu", new Quantity("50m"));
    requests.put("memory", new Quantity("64Mi"));
    limits.put("cpu", new Quantity("500m"));
    limits.put("memory", new Quantity("256Mi"));
    limits.put("ephemeral-storage", new Quantity("256Mi"));
    Map<String, Quantity> policyLimits =
        fromPolicy == null || fromPolicy.getLimits() == null ? Map.of() : fromPolicy.getLimits();
    if (fromPolicy != null && fromPolicy.getRequests() != null) {
      requests.putAll(fromPolicy.getRequests());
    }
    limits.putAll(policyLimits);
    for (Map.Entry<String, Quantity> request : requests.entrySet()) {
      Quantity limit = limits.get(request.getKey());
      if (limit == null || amount(request.getValue()).compareTo(amount(limit)) <= 0) {
        continue;
      }
      if (policyLimits.containsKey(request.getKey())) {
        throw new IllegalArgumentException(
            "sandbox.resources requests."
                + request.getKey()
                + " "
                + request.getValue()
                + " is above limits."
                + request.getKey()
                + " "
                + limit
                + ": Kubernetes refuses a request above its limit; lower the request or raise the limit");
      }
      limits.put(request.getKey(), request.getValue());
    }
    return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
  }

  private static java.math.BigDecimal amount(Quantity quantity) {
    try {
      return Quantity.getAmountInBytes(quantity);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "sandbox.resources quantity '" + quantity + "' is not a Kubernetes quantity", e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
