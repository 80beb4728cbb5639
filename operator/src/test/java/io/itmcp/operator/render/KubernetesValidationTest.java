package io.itmcp.operator.render;

import static io.itmcp.operator.render.RenderSupport.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceClaimBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.api.schema.Violation;
import io.itmcp.api.testing.KubernetesObjectRules;
import io.itmcp.api.v1alpha1.ConfigMapSource;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SandboxMount;
import io.itmcp.api.v1alpha1.SandboxToleration;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.operator.Fixtures;
import io.itmcp.operator.config.EgressMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What kube-apiserver itself would refuse in a rendered session (pkg/apis/core/validation): object
 * names are DNS-1123 subdomains, label values at most 63 characters, volume and container names
 * DNS-1123 labels, every request at most its limit, no resource claims, valid tolerations. Each
 * input class that used to produce a pod the API server refuses is rendered here and checked.
 */
class KubernetesValidationTest {

  private static JsonNode json(HasMetadata object) {
    return Serialization.jsonMapper().valueToTree(object);
  }

  private static RenderedSession rendered(ItmcpPolicy policy, String sessionName) {
    ItmcpSession session = Fixtures.session(sessionName, policy.getMetadata().getName(), "alice");
    session.getMetadata().setUid("uid-1");
    return render(
        session,
        policy,
        Map.of("db.example.com", List.of("192.0.2.10")),
        EgressMode.NETWORK_POLICY);
  }

  private static List<Violation> apiServerRefusals(RenderedSession session) {
    List<Violation> violations = new ArrayList<>(KubernetesObjectRules.pod(json(session.pod())));
    violations.addAll(KubernetesObjectRules.metadata(json(session.networkPolicy())));
    return violations;
  }

  private static Container sandbox(Pod pod) {
    return pod.getSpec().getContainers().get(0);
  }

  @Test
  void everythingAPolicyMaySetRendersAPodTheApiServerAccepts() {
    ItmcpPolicy policy = Fixtures.policy("p", List.of("db.example.com"));
    policy.getSpec().setTools(List.of(ToolName.PING, ToolName.TCPDUMP, ToolName.CAT));
    SandboxMount mount = new SandboxMount();
    mount.setName("m".repeat(SandboxMount.MAX_NAME));
    mount.setMountPath("/var/log/app");
    ConfigMapSource source = new ConfigMapSource();
    source.setName("logs");
    mount.setConfigMap(source);
    policy.getSpec().setAllowedDirectories(List.of("/var/log/app"));
    policy.getSpec().getSandbox().setMounts(List.of(mount));
    SandboxToleration any = new SandboxToleration();
    any.setOperator(SandboxToleration.Operator.Exists);
    SandboxToleration noExecute = new SandboxToleration();
    noExecute.setKey("node.kubernetes.io/unreachable");
    noExecute.setOperator(SandboxToleration.Operator.Exists);
    noExecute.setEffect(SandboxToleration.Effect.NoExecute);
    noExecute.setTolerationSeconds(30L);
    policy.getSpec().getSandbox().setTolerations(List.of(any, noExecute));
    policy.getSpec().getSandbox().setNodeSelector(Map.of("node.example.com/pool", "sandbox_1.a"));

    RenderedSession session = rendered(policy, "s".repeat(63));

    assertThat(apiServerRefusals(session)).isEmpty();
    assertThat(session.pod().getSpec().getVolumes())
        .extracting(v -> v.getName().length())
        .allMatch(n -> n <= 63);
  }

  @Test
  void aRequestAboveTheDefaultLimitRaisesTheLimitInsteadOfMakingAnInvalidPod() {
    ItmcpPolicy policy = Fixtures.policy("p", List.of());
    policy
        .getSpec()
        .getSandbox()
        .setResources(
            new ResourceRequirementsBuilder()
                .addToRequests("memory", new Quantity("1Gi"))
                .addToRequests("cpu", new Quantity("2"))
                .build());

    RenderedSession session = rendered(policy, "s1");

    assertThat(apiServerRefusals(session)).isEmpty();
    assertThat(sandbox(session.pod()).getResources().getLimits())
        .containsEntry("memory", new Quantity("1Gi"))
        .containsEntry("cpu", new Quantity("2"));
  }

  @Test
  void aPolicyWhoseOwnRequestIsAboveItsOwnLimitIsRefusedNamingTheResource() {
    ItmcpPolicy policy = Fixtures.policy("p", List.of());
    policy
        .getSpec()
        .getSandbox()
        .setResources(
            new ResourceRequirementsBuilder()
                .addToRequests("memory", new Quantity("512Mi"))
                .addToLimits("memory", new Quantity("256Mi"))
                .build());

    assertThatThrownBy(() -> rendered(policy, "s1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requests.memory 512Mi is above limits.memory 256Mi");
  }

  @Test
  void theRulesThemselvesRefuseARequestAboveItsLimit() {
    RenderedSession session = rendered(Fixtures.policy("p", List.of()), "s1");
    sandbox(session.pod()).getResources().getRequests().put("memory", new Quantity("2Gi"));

    assertThat(apiServerRefusals(session))
        .extracting(Violation::rule)
        .contains("request-above-limit");
  }

  @Test
  void resourceClaimsInAPolicyNeverReachThePod() {
    ItmcpPolicy policy = Fixtures.policy("p", List.of());
    policy
        .getSpec()
        .getSandbox()
        .setResources(
            new ResourceRequirementsBuilder()
                .withClaims(new ResourceClaimBuilder().withName("gpu").build())
                .build());

    RenderedSession session = rendered(policy, "s1");

    assertThat(sandbox(session.pod()).getResources().getClaims()).isNullOrEmpty();
    assertThat(apiServerRefusals(session)).isEmpty();
  }

  @Test
  void aMountNameThatWouldMakeAVolumeNameOver63IsRefused() {
    ItmcpPolicy policy = Fixtures.policy("p", List.of());
    SandboxMount mount = new SandboxMount();
    mount.setName("m".repeat(SandboxMount.MAX_NAME + 1));
    mount.setMountPath("/data");
    ConfigMapSource source = new ConfigMapSource();
    source.setName("data");
    mount.setConfigMap(source);
    policy.getSpec().setAllowedDirectories(List.of("/data"));
    policy.getSpec().getSandbox().setMounts(List.of(mount));

    assertThatThrownBy(() -> rendered(policy, "s1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("63-character bound on volume names");
  }

  @Test
  void aPolicyNameOf253CharactersBecomesAHashedLabelValue() {
    String longName = "netops-" + "a".repeat(240) + "-prod";
    RenderedSession one = rendered(Fixtures.policy(longName, List.of()), "s1");
    RenderedSession other =
        rendered(Fixtures.policy(longName.replace("prod", "test"), List.of()), "s1");

    assertThat(apiServerRefusals(one)).isEmpty();
    String label = one.pod().getMetadata().getLabels().get(SessionContract.POLICY_LABEL);
    assertThat(label).hasSizeLessThanOrEqualTo(63).startsWith("netops-aaaa");
    assertThat(other.pod().getMetadata().getLabels().get(SessionContract.POLICY_LABEL))
        .isNotEqualTo(label);
    assertThat(one.networkPolicy().getMetadata().getLabels())
        .containsEntry(SessionContract.POLICY_LABEL, label);
  }

  @Test
  void aLabelValueOver63CharactersIsWhatTheRulesRefuse() {
    RenderedSession session = rendered(Fixtures.policy("p", List.of()), "s1");
    session.pod().getMetadata().getLabels().put(SessionContract.POLICY_LABEL, "p".repeat(64));

    assertThat(apiServerRefusals(session))
        .extracting(Violation::path)
        .contains("/metadata/labels/itmcp.io~1policy");
  }
}
