package io.itmcp.e2e.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every field of a Pod that {@link PodToDockerSettings} knows, as JSON paths ({@code []} for any
 * array element, {@code *} for any map key). A field outside this list makes the translation fail,
 * so a renderer change can never be silently left out of the real-container tests.
 */
final class PodFields {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final Set<String> KNOWN =
      Set.of(
          "apiVersion",
          "kind",
          "metadata.name",
          "metadata.namespace",
          "metadata.labels.*",
          // set by the API server, meaningless to a container
          "metadata.uid",
          "metadata.resourceVersion",
          "metadata.generation",
          "metadata.creationTimestamp",
          "metadata.ownerReferences[].apiVersion",
          "metadata.ownerReferences[].kind",
          "metadata.ownerReferences[].name",
          "metadata.ownerReferences[].uid",
          "metadata.ownerReferences[].controller",
          "metadata.ownerReferences[].blockOwnerDeletion",
          // warm-pool bookkeeping: how the name was made and which policy revision the pod renders
          "metadata.generateName",
          "metadata.annotations.itmcp.io/pod-template-hash",
          "spec.restartPolicy",
          "spec.activeDeadlineSeconds",
          "spec.terminationGracePeriodSeconds",
          "spec.automountServiceAccountToken",
          "spec.enableServiceLinks",
          "spec.hostNetwork",
          "spec.hostPID",
          "spec.hostIPC",
          "spec.runtimeClassName",
          "spec.nodeSelector.*",
          "spec.tolerations[].key",
          "spec.tolerations[].operator",
          "spec.tolerations[].value",
          "spec.tolerations[].effect",
          "spec.tolerations[].tolerationSeconds",
          "spec.securityContext.runAsNonRoot",
          "spec.securityContext.runAsUser",
          "spec.securityContext.runAsGroup",
          "spec.securityContext.fsGroup",
          "spec.securityContext.seccompProfile.type",
          "spec.securityContext.sysctls[].name",
          "spec.securityContext.sysctls[].value",
          "spec.containers[].name",
          "spec.containers[].image",
          "spec.containers[].imagePullPolicy",
          "spec.containers[].command[]",
          "spec.containers[].args[]",
          "spec.containers[].env[].name",
          "spec.containers[].env[].value",
          "spec.containers[].resources.requests.*",
          "spec.containers[].resources.limits.cpu",
          "spec.containers[].resources.limits.memory",
          "spec.containers[].resources.limits.ephemeral-storage",
          "spec.containers[].securityContext.runAsNonRoot",
          "spec.containers[].securityContext.runAsUser",
          "spec.containers[].securityContext.runAsGroup",
          "spec.containers[].securityContext.allowPrivilegeEscalation",
          "spec.containers[].securityContext.privileged",
          "spec.containers[].securityContext.readOnlyRootFilesystem",
          "spec.containers[].securityContext.capabilities.drop[]",
          "spec.containers[].securityContext.capabilities.add[]",
          "spec.containers[].securityContext.seccompProfile.type",
          "spec.containers[].volumeMounts[].name",
          "spec.containers[].volumeMounts[].mountPath",
          "spec.containers[].volumeMounts[].readOnly",
          "spec.volumes[].name",
          "spec.volumes[].emptyDir.sizeLimit",
          "spec.volumes[].emptyDir.medium",
          "spec.volumes[].secret.secretName",
          "spec.volumes[].secret.defaultMode",
          "spec.volumes[].configMap.name",
          "spec.volumes[].configMap.defaultMode",
          "spec.volumes[].persistentVolumeClaim.claimName",
          "spec.volumes[].persistentVolumeClaim.readOnly");

  private static final List<Pattern> PATTERNS =
      KNOWN.stream()
          .map(
              k ->
                  Pattern.compile(
                      Pattern.quote(k).replace("[]", "\\E\\[\\d+\\]\\Q").replace("*", "\\E.+\\Q")))
          .toList();

  private PodFields() {}

  /** The set fields of the Pod (leaf paths with indexes) that are not in {@link #KNOWN}. */
  static List<String> unknown(Pod pod) {
    List<String> leaves = new ArrayList<>();
    collect(JSON.valueToTree(pod), "", leaves);
    return leaves.stream()
        .filter(p -> PATTERNS.stream().noneMatch(re -> re.matcher(p).matches()))
        .toList();
  }

  private static void collect(JsonNode node, String path, List<String> out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return;
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        collect(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), path + "[" + i + "]", out);
      }
    } else {
      out.add(path);
    }
  }
}
