package io.itmcp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RBAC checks catch what they claim to: each hostile role is reported, each fine one is not.
 */
class RbacInvariantsTest {
  private static final String SANDBOXES = "itmcp-sandboxes";

  @ParameterizedTest(name = "{0} {1} in {2}/{3} ({4} {5}) -> {6}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      Role        | itmcp-sandboxes | get,list     | ''                   | pods                  | -                    | ''
      Role        | itmcp-sandboxes | create       | ''                   | pods/exec             | -                    | ''
      Role        | itmcp-sandboxes | *            | ''                   | pods                  | -                    | wildcard verb
      Role        | itmcp-sandboxes | get          | ''                   | *                     | -                    | wildcard resource
      Role        | itmcp-sandboxes | get          | ''                   | pods/*                | -                    | wildcard resource
      Role        | itmcp-sandboxes | get          | *                    | pods                  | -                    | wildcard apiGroup
      Role        | itmcp-system    | create       | ''                   | pods/exec             | -                    | outside the sandbox namespace
      Role        | default         | create       | ''                   | pods/attach           | -                    | outside the sandbox namespace
      ClusterRole | -               | create       | ''                   | pods/exec             | -                    | cluster-wide
      ClusterRole | -               | create       | ''                   | pods/portforward      | -                    | cluster-wide
      Role        | itmcp-sandboxes | get          | ''                   | secrets               | -                    | no ITMCP component needs
      ClusterRole | -               | create       | rbac.authorization.k8s.io | rolebindings    | -                    | no ITMCP component needs
      ClusterRole | -               | bind         | rbac.authorization.k8s.io | clusterroles    | -                    | escalating verb
      ClusterRole | -               | impersonate  | ''                   | users                 | -                    | escalating verb
      ClusterRole | -               | get          | ''                   | nodes/proxy           | -                    | no ITMCP component needs
      ClusterRole | -               | create       | authentication.k8s.io | tokenreviews         | -                    | ''
      ClusterRole | -               | get          | ''                   | ''                    | /metrics*            | wildcard nonResourceURL
      """)
  void reportsWhatIsWrongAndOnlyThat(
      String kind,
      String namespace,
      String verbs,
      String apiGroup,
      String resource,
      String nonResourceUrl,
      String expected) {
    var rule =
        new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
            .withVerbs(List.of(verbs.split(",")))
            .withApiGroups(resource.isEmpty() ? List.of() : List.of(apiGroup))
            .withResources(resource.isEmpty() ? List.of() : List.of(resource))
            .withNonResourceURLs("-".equals(nonResourceUrl) ? List.of() : List.of(nonResourceUrl))
            .build();
    var object =
        "Role".equals(kind)
            ? new io.fabric8.kubernetes.api.model.rbac.RoleBuilder()
                .withNewMetadata()
                .withName("r")
                .withNamespace(namespace)
                .endMetadata()
                .withRules(rule)
                .build()
            : new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder()
                .withNewMetadata()
                .withName("r")
                .endMetadata()
                .withRules(rule)
                .build();
    List<String> violations = RbacInvariants.violations(List.of(object), SANDBOXES);
    if (expected.isEmpty()) {
      assertThat(violations).isEmpty();
    } else {
      assertThat(violations).anySatisfy(violation -> assertThat(violation).contains(expected));
    }
  }

  @Test
  void aggregatingClusterRoleIsReported() {
    var role =
        new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder()
            .withNewMetadata()
            .withName("agg")
            .endMetadata()
            .withNewAggregationRule()
            .addNewClusterRoleSelector()
            .addToMatchLabels("aggregate-to-itmcp", "true")
            .endClusterRoleSelector()
            .endAggregationRule()
            .build();
    assertThat(RbacInvariants.violations(List.of(role), SANDBOXES))
        .singleElement()
        .asString()
        .contains("aggregates");
  }
}
