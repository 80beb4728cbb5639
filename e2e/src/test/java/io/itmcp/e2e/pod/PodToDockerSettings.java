package io.itmcp.e2e.pod;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Translates one container of a rendered Pod into {@code docker run} settings, as a kubelet with
 * containerd would run it: user and group, capabilities, no-new-privileges, read-only root,
 * seccomp, sysctls, emptyDir as a size-limited tmpfs, Secret/ConfigMap/PVC as read-only binds,
 * memory and CPU limits. Pure.
 *
 * <p>Fails loudly ({@link UntranslatablePodException}) on any field it does not know and on any
 * value it cannot reproduce, so that the real-container tests never run something weaker than the
 * Pod without saying so. What Docker cannot express here at all (scheduling, the active deadline,
 * ephemeral-storage limits) is listed in {@link DockerRunSettings#notEnforced()}.
 */
public final class PodToDockerSettings {
  /**
   * The capabilities containerd (and Docker) give a container when the Pod neither drops nor adds
   * any; a Pod's drop and add lists are applied to this set.
   */
  public static final Set<String> RUNTIME_DEFAULT_CAPABILITIES =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "NET_RAW",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");

  /**
   * Docker (20.10 and later) opens unprivileged ICMP sockets and low ports to every container by
   * default; containerd 1.x, what most kubelets run, does not. These kernel defaults are set first
   * so that only the Pod's own sysctls open them, as on such a node: a renderer that forgot the
   * ping sysctl would otherwise pass here and fail in the cluster.
   */
  static final Map<String, String> KERNEL_DEFAULT_SYSCTLS =
      Map.of(
          "net.ipv4.ping_group_range", "1 0",
          "net.ipv4.ip_unprivileged_port_start", "1024");

  private PodToDockerSettings() {}

  public static DockerRunSettings translate(
      Pod pod, String containerName, NetworkAttachment network, VolumeBinder volumes) {
    List<String> unknown = PodFields.unknown(pod);
    if (!unknown.isEmpty()) {
      throw new UntranslatablePodException(
          "the Pod sets fields the Docker translation does not know: "
              + unknown
              + ". Teach PodToDockerSettings what they mean (or why they cannot be enforced) before trusting the"
              + " real-container tests again.");
    }
    PodSpec spec = pod.getSpec();
    Container container =
        spec.getContainers().stream()
            .filter(c -> containerName.equals(c.getName()))
            .findFirst()
            .orElseThrow(
                () ->
                    new UntranslatablePodException(
                        "the Pod has no container named " + containerName));
    PodSecurityContext podSc =
        spec.getSecurityContext() == null ? new PodSecurityContext() : spec.getSecurityContext();
    SecurityContext sc =
        container.getSecurityContext() == null
            ? new SecurityContext()
            : container.getSecurityContext();

    List<String> options = new ArrayList<>();
    List<String> notEnforced = new ArrayList<>();
    podLevel(pod, spec, options, notEnforced);
    networkAndSysctls(pod, podSc, network, options);
    user(podSc, sc, options, containerName);
    capabilities(sc.getCapabilities(), options);
    if (Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
      options.addAll(List.of("--security-opt", "no-new-privileges"));
    }
    if (Boolean.TRUE.equals(sc.getPrivileged())) {
      throw new UntranslatablePodException(
          "container " + containerName + " is privileged; the harness refuses to run it");
    }
    if (Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
      options.add("--read-only");
    }
    seccomp(first(sc.getSeccompProfile(), podSc.getSeccompProfile()), options);
    resources(container, options, notEnforced);
    for (EnvVar env : nonNull(container.getEnv())) {
      options.addAll(
          List.of("--env", env.getName() + "=" + Objects.requireNonNullElse(env.getValue(), "")));
    }
    mounts(spec, container, podSc.getFsGroup(), volumes, options, notEnforced);
    pullPolicy(container.getImagePullPolicy(), options);

    List<String> args = new ArrayList<>();
    List<String> command = nonNull(container.getCommand());
    if (!command.isEmpty()) {
      options.addAll(List.of("--entrypoint", command.get(0)));
      args.addAll(command.subList(1, command.size()));
    }
    args.addAll(nonNull(container.getArgs()));
    return new DockerRunSettings(containerName, options, container.getImage(), args, notEnforced);
  }

  private static void podLevel(
      Pod pod, PodSpec spec, List<String> options, List<String> notEnforced) {
    requireFalse(spec.getHostNetwork(), "spec.hostNetwork");
    requireFalse(spec.getHostPID(), "spec.hostPID");
    requireFalse(spec.getHostIPC(), "spec.hostIPC");
    // Docker has no service-account token or service environment to leave out; true would need one.
    requireFalse(spec.getAutomountServiceAccountToken(), "spec.automountServiceAccountToken");
    requireFalse(spec.getEnableServiceLinks(), "spec.enableServiceLinks");
    if (spec.getRestartPolicy() != null && !spec.getRestartPolicy().equals("Never")) {
      throw new UntranslatablePodException(
          "spec.restartPolicy "
              + spec.getRestartPolicy()
              + " is not translated (only Never, Docker's default of no restart)");
    }
    if (spec.getRuntimeClassName() != null) {
      throw new UntranslatablePodException(
          "spec.runtimeClassName "
              + spec.getRuntimeClassName()
              + " names a runtime this engine does not have; render the test policy without one");
    }
    if (spec.getTerminationGracePeriodSeconds() != null) {
      options.addAll(List.of("--stop-timeout", spec.getTerminationGracePeriodSeconds().toString()));
    }
    if (spec.getActiveDeadlineSeconds() != null) {
      notEnforced.add(
          "spec.activeDeadlineSeconds="
              + spec.getActiveDeadlineSeconds()
              + ": enforced by the kubelet; the test removes its containers itself");
    }
    if (spec.getNodeSelector() != null && !spec.getNodeSelector().isEmpty()
        || spec.getTolerations() != null && !spec.getTolerations().isEmpty()) {
      notEnforced.add("nodeSelector/tolerations: scheduling only, one engine here");
    }
    options.addAll(List.of("--label", "io.itmcp.e2e.pod=" + pod.getMetadata().getName()));
  }

  private static void networkAndSysctls(
      Pod pod, PodSecurityContext podSc, NetworkAttachment network, List<String> options) {
    if (network instanceof NetworkAttachment.Own own) {
      options.addAll(
          List.of("--network", own.network(), "--hostname", pod.getMetadata().getName()));
      Map<String, String> sysctls = new LinkedHashMap<>(KERNEL_DEFAULT_SYSCTLS);
      for (Sysctl sysctl : nonNull(podSc.getSysctls())) {
        sysctls.put(sysctl.getName(), sysctl.getValue());
      }
      sysctls.forEach((name, value) -> options.addAll(List.of("--sysctl", name + "=" + value)));
    } else if (network instanceof NetworkAttachment.Join join) {
      // Namespaced sysctls belong to the pod's network namespace, already set on its owner.
      for (Sysctl sysctl : nonNull(podSc.getSysctls())) {
        if (!sysctl.getName().startsWith("net.")) {
          throw new UntranslatablePodException(
              "sysctl "
                  + sysctl.getName()
                  + " is not a network-namespace sysctl; joining containers cannot share it here");
        }
      }
      options.addAll(List.of("--network", "container:" + join.container()));
    }
  }

  private static void user(
      PodSecurityContext podSc, SecurityContext sc, List<String> options, String name) {
    Long uid = first(sc.getRunAsUser(), podSc.getRunAsUser());
    Long gid = first(sc.getRunAsGroup(), podSc.getRunAsGroup());
    Boolean nonRoot = first(sc.getRunAsNonRoot(), podSc.getRunAsNonRoot());
    if (uid == null) {
      throw new UntranslatablePodException(
          "container " + name + " has no runAsUser; the harness does not guess the image's user");
    }
    if (Boolean.TRUE.equals(nonRoot) && uid == 0) {
      throw new UntranslatablePodException(
          "container "
              + name
              + " says runAsNonRoot but runs as uid 0: the kubelet would refuse to start it");
    }
    options.addAll(List.of("--user", gid == null ? uid.toString() : uid + ":" + gid));
    if (podSc.getFsGroup() != null) {
      // The kubelet adds fsGroup to every container's supplementary groups.
      options.addAll(List.of("--group-add", podSc.getFsGroup().toString()));
    }
  }

  /**
   * The effective set, applied to the runtime default, spelled out in full: every other one
   * dropped.
   */
  public static Set<String> effectiveCapabilities(Capabilities caps) {
    Set<String> effective = new TreeSet<>(RUNTIME_DEFAULT_CAPABILITIES);
    if (caps != null) {
      List<String> drop =
          nonNull(caps.getDrop()).stream().map(PodToDockerSettings::capName).toList();
      if (drop.contains("ALL")) {
        effective.clear();
      } else {
        effective.removeAll(drop);
      }
      nonNull(caps.getAdd()).stream().map(PodToDockerSettings::capName).forEach(effective::add);
    }
    return effective;
  }

  private static void capabilities(Capabilities caps, List<String> options) {
    options.addAll(List.of("--cap-drop", "ALL"));
    for (String cap : effectiveCapabilities(caps)) {
      options.addAll(List.of("--cap-add", cap));
    }
  }

  private static String capName(String cap) {
    return cap.startsWith("CAP_") ? cap.substring(4) : cap;
  }

  private static void seccomp(SeccompProfile profile, List<String> options) {
    String type = profile == null ? "Unconfined" : profile.getType();
    switch (type) {
      case "RuntimeDefault" -> {
        // Docker's default profile is the engine's RuntimeDefault: nothing to add, nothing to
        // weaken.
      }
      case "Unconfined" -> options.addAll(List.of("--security-opt", "seccomp=unconfined"));
      default ->
          throw new UntranslatablePodException(
              "seccompProfile type " + type + " is not translated");
    }
  }

  private static void resources(
      Container container, List<String> options, List<String> notEnforced) {
    if (container.getResources() == null) {
      return;
    }
    Map<String, Quantity> limits = container.getResources().getLimits();
    if (limits != null) {
      Quantity memory = limits.get("memory");
      if (memory != null) {
        options.addAll(List.of("--memory", bytes(memory).toString()));
      }
      Quantity cpu = limits.get("cpu");
      if (cpu != null) {
        options.addAll(
            List.of("--cpus", cpu.getNumericalAmount().stripTrailingZeros().toPlainString()));
      }
      Quantity ephemeral = limits.get("ephemeral-storage");
      if (ephemeral != null) {
        notEnforced.add(
            container.getName()
                + " limits.ephemeral-storage="
                + ephemeral
                + ": enforced by kubelet eviction; Docker's overlay2 on this filesystem has no size quota"
                + " (the root filesystem is read-only anyway; /tmp has its own size)");
      }
    }
    if (container.getResources().getRequests() != null
        && !container.getResources().getRequests().isEmpty()) {
      notEnforced.add(container.getName() + " requests: scheduling only");
    }
  }

  private static void mounts(
      PodSpec spec,
      Container container,
      Long fsGroup,
      VolumeBinder binder,
      List<String> options,
      List<String> notEnforced) {
    Function<String, Volume> volumeNamed =
        name ->
            nonNull(spec.getVolumes()).stream()
                .filter(v -> name.equals(v.getName()))
                .findFirst()
                .orElseThrow(
                    () -> new UntranslatablePodException("volumeMount " + name + " has no volume"));
    for (VolumeMount mount : nonNull(container.getVolumeMounts())) {
      Volume volume = volumeNamed.apply(mount.getName());
      boolean readOnly = Boolean.TRUE.equals(mount.getReadOnly());
      if (volume.getEmptyDir() != null) {
        if (readOnly) {
          throw new UntranslatablePodException("a read-only emptyDir mount is not translated");
        }
        Quantity size = volume.getEmptyDir().getSizeLimit();
        if (size == null) {
          throw new UntranslatablePodException(
              "emptyDir "
                  + volume.getName()
                  + " has no sizeLimit; the harness will not run an unbounded tmpfs");
        }
        String medium = volume.getEmptyDir().getMedium();
        if (medium != null && !medium.isEmpty() && !medium.equals("Memory")) {
          throw new UntranslatablePodException("emptyDir medium " + medium + " is not translated");
        }
        if (medium == null || medium.isEmpty()) {
          notEnforced.add(
              "emptyDir "
                  + volume.getName()
                  + " is node disk in Kubernetes; here a tmpfs of the same size");
        }
        // emptyDir is world-writable and allows exec in Kubernetes; Docker's tmpfs defaults differ.
        options.addAll(
            List.of(
                "--tmpfs",
                mount.getMountPath() + ":rw,nosuid,nodev,exec,size=" + bytes(size) + ",mode=1777"));
      } else if (volume.getSecret() != null
          || volume.getConfigMap() != null
          || volume.getPersistentVolumeClaim() != null) {
        boolean sourceReadOnly =
            volume.getSecret() != null
                || volume.getConfigMap() != null
                || Boolean.TRUE.equals(volume.getPersistentVolumeClaim().getReadOnly());
        Path source = binder.hostDirectory(volume, fsGroup);
        options.addAll(
            List.of(
                "--mount",
                "type=bind,source="
                    + source
                    + ",target="
                    + mount.getMountPath()
                    + (readOnly || sourceReadOnly ? ",readonly" : "")));
      } else {
        throw new UntranslatablePodException(
            "volume " + volume.getName() + " is of a kind not translated");
      }
    }
  }

  private static void pullPolicy(String policy, List<String> options) {
    if (policy == null) {
      return;
    }
    options.addAll(
        List.of(
            "--pull",
            switch (policy) {
              case "IfNotPresent" -> "missing";
              case "Never" -> "never";
              case "Always" -> "always";
              default ->
                  throw new UntranslatablePodException(
                      "imagePullPolicy " + policy + " is not translated");
            }));
  }

  private static BigDecimal bytes(Quantity q) {
    return Quantity.getAmountInBytes(q).setScale(0, java.math.RoundingMode.CEILING);
  }

  private static void requireFalse(Boolean value, String field) {
    if (Boolean.TRUE.equals(value)) {
      throw new UntranslatablePodException(field + " is true; the harness runs only isolated pods");
    }
  }

  private static <T> T first(T a, T b) {
    return a != null ? a : b;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
