package io.itmcp.deploy;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The hardening every ITMCP Deployment keeps (Pod Security "restricted" and then some), as pure
 * checks that return what is wrong. Tested against hostile manifests in {@code
 * WorkloadInvariantsTest}.
 */
final class WorkloadInvariants {
  private static final Pattern DIGEST = Pattern.compile("@sha256:[0-9a-f]{64}$");
  private static final Set<String> SECCOMP_TYPES = Set.of("RuntimeDefault", "Localhost");

  private WorkloadInvariants() {}

  static List<String> violations(Deployment deployment) {
    String where = Manifests.describe(deployment);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    List<String> violations = new ArrayList<>();
    PodSecurityContext podContext =
        pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
    if (Boolean.TRUE.equals(pod.getHostNetwork())
        || Boolean.TRUE.equals(pod.getHostPID())
        || Boolean.TRUE.equals(pod.getHostIPC())) {
      violations.add(where + " shares a host namespace");
    }
    for (Volume volume : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
      if (volume.getHostPath() != null) {
        violations.add(where + " mounts the host path " + volume.getHostPath().getPath());
      }
    }
    List<Container> containers =
        Stream.concat(
                pod.getContainers().stream(),
                pod.getInitContainers() == null ? Stream.empty() : pod.getInitContainers().stream())
            .toList();
    for (Container container : containers) {
      violations.addAll(
          containerViolations(where + " container " + container.getName(), container, podContext));
    }
    return violations;
  }

  private static List<String> containerViolations(
      String where, Container container, PodSecurityContext pod) {
    List<String> violations = new ArrayList<>();
    SecurityContext context =
        container.getSecurityContext() == null
            ? new SecurityContext()
            : container.getSecurityContext();
    Boolean runAsNonRoot =
        context.getRunAsNonRoot() != null ? context.getRunAsNonRoot() : pod.getRunAsNonRoot();
    Long runAsUser = context.getRunAsUser() != null ? context.getRunAsUser() : pod.getRunAsUser();
    if (!Boolean.TRUE.equals(runAsNonRoot)) {
      violations.add(where + " does not set runAsNonRoot: true");
    }
    if (runAsUser == null || runAsUser == 0L) {
      violations.add(where + " has no non-zero runAsUser (the image's USER would decide)");
    }
    if (!Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
      violations.add(where + " has a writable root filesystem");
    }
    if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
      violations.add(where + " does not set allowPrivilegeEscalation: false");
    }
    if (Boolean.TRUE.equals(context.getPrivileged())) {
      violations.add(where + " is privileged");
    }
    Capabilities capabilities = context.getCapabilities();
    if (capabilities == null
        || capabilities.getDrop() == null
        || !capabilities.getDrop().contains("ALL")) {
      violations.add(where + " does not drop ALL capabilities");
    }
    if (capabilities != null && capabilities.getAdd() != null && !capabilities.getAdd().isEmpty()) {
      violations.add(where + " adds capabilities " + capabilities.getAdd());
    }
    SeccompProfile seccomp =
        context.getSeccompProfile() != null ? context.getSeccompProfile() : pod.getSeccompProfile();
    if (seccomp == null || !SECCOMP_TYPES.contains(seccomp.getType())) {
      violations.add(where + " has no RuntimeDefault/Localhost seccomp profile");
    }
    if (container.getLivenessProbe() == null) {
      violations.add(where + " has no liveness probe");
    }
    if (container.getReadinessProbe() == null) {
      violations.add(where + " has no readiness probe");
    }
    ResourceRequirements resources = container.getResources();
    Map<String, Quantity> limits =
        resources == null || resources.getLimits() == null ? Map.of() : resources.getLimits();
    Map<String, Quantity> requests =
        resources == null || resources.getRequests() == null ? Map.of() : resources.getRequests();
    for (String resource : List.of("cpu", "memory")) {
      if (!limits.containsKey(resource)) {
        violations.add(where + " has no " + resource + " limit");
      }
      if (!requests.containsKey(resource)) {
        violations.add(where + " has no " + resource + " request");
      }
    }
    String image = container.getImage();
    if (!isPinned(image)) {
      violations.add(where + " image '" + image + "' is not pinned to a version tag or digest");
    }
    return violations;
  }

  /** A tag other than latest, or a digest. The registry's port (host:5000/x) is not a tag. */
  static boolean isPinned(String image) {
    if (image == null || image.isBlank()) {
      return false;
    }
    if (image.contains("@")) {
      return DIGEST.matcher(image).find();
    }
    String lastSegment = image.substring(image.lastIndexOf('/') + 1);
    int colon = lastSegment.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String tag = lastSegment.substring(colon + 1);
    return !tag.isEmpty() && !tag.equals("latest");
  }
}
