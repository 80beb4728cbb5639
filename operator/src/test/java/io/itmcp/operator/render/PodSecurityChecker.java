package io.itmcp.operator.render;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Our own reading of the Kubernetes Pod Security Standards, "baseline" and "restricted"
 * (kubernetes.io/docs/concepts/security/pod-security-standards), as a checker that lists every
 * violation, plus the ITMCP hardening the standards leave optional (read-only root, no token, no
 * service links).
 */
final class PodSecurityChecker {
  static final Set<String> BASELINE_ADDABLE_CAPS =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");
  static final Set<String> SAFE_SYSCTLS =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_unprivileged_port_start",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes");
  static final Set<String> RESTRICTED_VOLUME_TYPES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  private PodSecurityChecker() {}

  /** Violations of "baseline" for the whole pod. */
  static List<String> baseline(Pod pod) {
    List<String> v = new ArrayList<>();
    PodSpec spec = pod.getSpec();
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      v.add("hostNetwork");
    }
    if (Boolean.TRUE.equals(spec.getHostPID())) {
      v.add("hostPID");
    }
    if (Boolean.TRUE.equals(spec.getHostIPC())) {
      v.add("hostIPC");
    }
    for (Volume volume : spec.getVolumes()) {
      if (volume.getHostPath() != null) {
        v.add("hostPath volume " + volume.getName());
      }
    }
    if (spec.getSecurityContext() != null) {
      if (spec.getSecurityContext().getSysctls() != null) {
        spec.getSecurityContext().getSysctls().stream()
            .filter(s -> !SAFE_SYSCTLS.contains(s.getName()))
            .forEach(s -> v.add("unsafe sysctl " + s.getName()));
      }
      if (spec.getSecurityContext().getSeccompProfile() != null
          && "Unconfined".equals(spec.getSecurityContext().getSeccompProfile().getType())) {
        v.add("pod seccomp Unconfined");
      }
    }
    for (Container c : allContainers(spec)) {
      if (c.getPorts() != null
          && c.getPorts().stream().anyMatch(p -> p.getHostPort() != null && p.getHostPort() != 0)) {
        v.add(c.getName() + ": hostPort");
      }
      SecurityContext sc = c.getSecurityContext();
      if (sc == null) {
        continue;
      }
      if (Boolean.TRUE.equals(sc.getPrivileged())) {
        v.add(c.getName() + ": privileged");
      }
      if (sc.getCapabilities() != null && sc.getCapabilities().getAdd() != null) {
        sc.getCapabilities().getAdd().stream()
            .filter(a -> !BASELINE_ADDABLE_CAPS.contains(a))
            .forEach(a -> v.add(c.getName() + ": adds capability " + a));
      }
      if (sc.getSeccompProfile() != null && "Unconfined".equals(sc.getSeccompProfile().getType())) {
        v.add(c.getName() + ": seccomp Unconfined");
      }
      if (sc.getProcMount() != null && !"Default".equals(sc.getProcMount())) {
        v.add(c.getName() + ": procMount " + sc.getProcMount());
      }
    }
    return v;
  }

  /** Violations of "restricted" (which includes baseline) for the whole pod. */
  static List<String> restricted(Pod pod) {
    List<String> v = baseline(pod);
    PodSpec spec = pod.getSpec();
    for (Volume volume : spec.getVolumes()) {
      if (!RESTRICTED_VOLUME_TYPES.contains(volumeType(volume))) {
        v.add("volume type " + volumeType(volume) + " of " + volume.getName());
      }
    }
    var podSc = spec.getSecurityContext();
    boolean podNonRoot = podSc != null && Boolean.TRUE.equals(podSc.getRunAsNonRoot());
    boolean podSeccomp =
        podSc != null
            && podSc.getSeccompProfile() != null
            && Set.of("RuntimeDefault", "Localhost").contains(podSc.getSeccompProfile().getType());
    if (podSc != null && podSc.getRunAsUser() != null && podSc.getRunAsUser() == 0) {
      v.add("pod runAsUser 0");
    }
    for (Container c : allContainers(spec)) {
      SecurityContext sc = c.getSecurityContext();
      if (sc == null) {
        v.add(c.getName() + ": no securityContext");
        continue;
      }
      boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podNonRoot;
      if (!nonRoot) {
        v.add(c.getName() + ": runAsNonRoot not true");
      }
      if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
        v.add(c.getName() + ": runAsUser 0");
      }
      if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        v.add(c.getName() + ": allowPrivilegeEscalation not false");
      }
      boolean seccomp =
          sc.getSeccompProfile() != null
              ? Set.of("RuntimeDefault", "Localhost").contains(sc.getSeccompProfile().getType())
              : podSeccomp;
      if (!seccomp) {
        v.add(c.getName() + ": seccomp not RuntimeDefault/Localhost");
      }
      if (sc.getCapabilities() == null
          || sc.getCapabilities().getDrop() == null
          || !sc.getCapabilities().getDrop().contains("ALL")) {
        v.add(c.getName() + ": capabilities do not drop ALL");
      }
      if (sc.getCapabilities() != null && sc.getCapabilities().getAdd() != null) {
        sc.getCapabilities().getAdd().stream()
            .filter(a -> !"NET_BIND_SERVICE".equals(a))
            .forEach(
                a ->
                    v.add(
                        c.getName()
                            + ": restricted allows adding only NET_BIND_SERVICE, not "
                            + a));
      }
    }
    return v;
  }

  /** ITMCP's own hardening on top of "restricted", for the sandbox container. */
  static List<String> itmcpHardening(Pod pod, String container) {
    List<String> v = new ArrayList<>();
    if (!Boolean.FALSE.equals(pod.getSpec().getAutomountServiceAccountToken())) {
      v.add("service-account token mounted");
    }
    if (!Boolean.FALSE.equals(pod.getSpec().getEnableServiceLinks())) {
      v.add("service links enabled");
    }
    Container c =
        allContainers(pod.getSpec()).stream()
            .filter(x -> x.getName().equals(container))
            .findFirst()
            .orElseThrow();
    if (!Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem())) {
      v.add(container + ": root filesystem writable");
    }
    if (c.getResources() == null
        || c.getResources().getLimits() == null
        || !c.getResources().getLimits().containsKey("memory")
        || !c.getResources().getLimits().containsKey("cpu")) {
      v.add(container + ": no cpu/memory limits");
    }
    if (pod.getSpec().getActiveDeadlineSeconds() == null) {
      v.add("no activeDeadlineSeconds");
    }
    return v;
  }

  /** The restricted rules applied to one container only. */
  static List<String> restrictedContainer(Pod pod, String container) {
    return restricted(pod).stream().filter(s -> s.startsWith(container + ":")).toList();
  }

  static List<Container> allContainers(PodSpec spec) {
    List<Container> all = new ArrayList<>(spec.getContainers());
    if (spec.getInitContainers() != null) {
      all.addAll(spec.getInitContainers());
    }
    return all;
  }

  private static String volumeType(Volume volume) {
    if (volume.getConfigMap() != null) {
      return "configMap";
    }
    if (volume.getSecret() != null) {
      return "secret";
    }
    if (volume.getEmptyDir() != null) {
      return "emptyDir";
    }
    if (volume.getPersistentVolumeClaim() != null) {
      return "persistentVolumeClaim";
    }
    if (volume.getProjected() != null) {
      return "projected";
    }
    if (volume.getDownwardAPI() != null) {
      return "downwardAPI";
    }
    if (volume.getCsi() != null) {
      return "csi";
    }
    if (volume.getEphemeral() != null) {
      return "ephemeral";
    }
    return volume.getHostPath() != null ? "hostPath" : "other";
  }
}
