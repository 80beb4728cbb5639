package io.itmcp.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Least-privilege rules every rendering must keep, as pure checks that return what is wrong (empty
 * when nothing is). Tested against hostile manifests in {@code RbacInvariantsTest}.
 */
final class RbacInvariants {
  /** Subresources that run code in, or open a channel into, a pod. */
  static final Set<String> POD_ENTRY =
      Set.of("pods/exec", "pods/attach", "pods/portforward", "pods/ephemeralcontainers");

  /** Verbs that hand out more permission than the rule itself names. */
  static final Set<String> ESCALATING_VERBS = Set.of("escalate", "bind", "impersonate");

  /**
   * Resources no ITMCP component needs: secrets (the kubelet mounts the ssh Secret), RBAC itself,
   * nodes.
   */
  static final Set<String> FORBIDDEN_RESOURCES =
      Set.of(
          "secrets",
          "roles",
          "rolebindings",
          "clusterroles",
          "clusterrolebindings",
          "nodes",
          "nodes/proxy",
          "serviceaccounts/token",
          "certificatesigningrequests/approval");

  private RbacInvariants() {}

  static List<String> violations(List<HasMetadata> objects, String sandboxNamespace) {
    List<String> violations = new ArrayList<>();
    for (HasMetadata object : objects) {
      List<PolicyRule> rules;
      boolean clusterWide;
      if (object instanceof Role role) {
        rules = nullToEmpty(role.getRules());
        clusterWide = false;
      } else if (object instanceof ClusterRole clusterRole) {
        if (clusterRole.getAggregationRule() != null) {
          violations.add(
              Manifests.describe(object)
                  + " aggregates other roles (its rules would not be reviewable here)");
        }
        rules = nullToEmpty(clusterRole.getRules());
        clusterWide = true;
      } else {
        continue;
      }
      for (PolicyRule rule : rules) {
        violations.addAll(ruleViolations(object, rule, clusterWide, sandboxNamespace));
      }
    }
    return violations;
  }

  private static List<String> ruleViolations(
      HasMetadata owner, PolicyRule rule, boolean clusterWide, String sandboxNamespace) {
    List<String> violations = new ArrayList<>();
    String where = Manifests.describe(owner);
    for (String verb : nullToEmpty(rule.getVerbs())) {
      if (verb.contains("*")) {
        violations.add(where + " grants the wildcard verb '" + verb + "'");
      }
      if (ESCALATING_VERBS.contains(verb)) {
        violations.add(where + " grants the escalating verb '" + verb + "'");
      }
    }
    for (String group : nullToEmpty(rule.getApiGroups())) {
      if (group.contains("*")) {
        violations.add(where + " grants the wildcard apiGroup '" + group + "'");
      }
    }
    for (String url : nullToEmpty(rule.getNonResourceURLs())) {
      if (url.contains("*")) {
        violations.add(where + " grants the wildcard nonResourceURL '" + url + "'");
      }
    }
    for (String resource : nullToEmpty(rule.getResources())) {
      if (resource.contains("*")) {
        violations.add(where + " grants the wildcard resource '" + resource + "'");
      }
      if (FORBIDDEN_RESOURCES.contains(resource)) {
        violations.add(
            where + " grants access to '" + resource + "', which no ITMCP component needs");
      }
      if (POD_ENTRY.contains(resource)) {
        if (clusterWide) {
          violations.add(
              where
                  + " grants '"
                  + resource
                  + "' cluster-wide; it belongs only in a Role in "
                  + sandboxNamespace);
        } else if (!sandboxNamespace.equals(owner.getMetadata().getNamespace())) {
          violations.add(
              where
                  + " grants '"
                  + resource
                  + "' outside the sandbox namespace "
                  + sandboxNamespace);
        }
      }
    }
    return violations;
  }

  /** Whether some Role or ClusterRole among the objects grants the verb on group/resource. */
  static boolean grants(
      HasMetadata roleOrClusterRole, String apiGroup, String resource, String verb) {
    List<PolicyRule> rules =
        roleOrClusterRole instanceof Role role
            ? nullToEmpty(role.getRules())
            : roleOrClusterRole instanceof ClusterRole clusterRole
                ? nullToEmpty(clusterRole.getRules())
                : List.of();
    return rules.stream()
        .anyMatch(
            rule ->
                nullToEmpty(rule.getApiGroups()).contains(apiGroup)
                    && nullToEmpty(rule.getResources()).contains(resource)
                    && nullToEmpty(rule.getVerbs()).contains(verb));
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
