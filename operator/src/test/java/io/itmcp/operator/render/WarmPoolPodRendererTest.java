package io.itmcp.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.operator.Fixtures;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.policy.EffectivePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A pool pod is the pod a session would get, minus the session; its hash moves with the pod only.
 */
class WarmPoolPodRendererTest {

  static ItmcpPolicy policy(Consumer<ItmcpPolicy> edit) {
    ItmcpPolicy policy = Fixtures.policy("netops", List.of("192.0.2.7:22", "db.example.com"));
    policy.getMetadata().setUid("uid-netops");
    edit.accept(policy);
    return policy;
  }

  static Pod pool(ItmcpPolicy policy) {
    return WarmPoolPodRenderer.render(
        policy,
        EffectivePolicy.compile("netops", policy.getSpec()),
        RenderSupport.OPTIONS,
        RenderSupport.NOW);
  }

  static String hash(Pod pod) {
    return pod.getMetadata().getAnnotations().get(WarmPoolPodRenderer.TEMPLATE_HASH_ANNOTATION);
  }

  @Test
  void aPoolPodIsTheSessionPodWithoutSessionOrDeadline() {
    ItmcpPolicy policy = policy(p -> {});
    Pod pool = pool(policy);
    Pod session =
        RenderSupport.render(
                Fixtures.session("s1", "netops", "alice"),
                policy,
                Map.of(),
                EgressMode.NETWORK_POLICY)
            .pod();

    assertThat(pool.getMetadata().getLabels())
        .containsEntry(WarmPoolPodRenderer.POOL_LABEL, "netops")
        .doesNotContainKeys(SessionContract.SESSION_LABEL, SessionContract.POLICY_LABEL);
    assertThat(pool.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> assertThat(o.getKind() + "/" + o.getUid()).isEqualTo("ItmcpPolicy/uid-netops"));
    assertThat(pool.getSpec().getActiveDeadlineSeconds()).isNull();
    assertThat(session.getSpec().getActiveDeadlineSeconds()).isNotNull();
    assertThat(hash(pool)).isEqualTo(WarmPoolPodRenderer.templateHash(session));
    assertThat(PodSecurityChecker.restricted(pool)).isEmpty();
  }

  @Test
  void egressEditsKeepTheHashAndPodEditsChangeIt() {
    String base = hash(pool(policy(p -> {})));
    assertThat(hash(pool(policy(p -> p.getSpec().setAllowedHosts(List.of("10.0.0.0/8"))))))
        .isEqualTo(base);
    assertThat(hash(pool(policy(p -> p.getSpec().setDnsServers(List.of("192.0.2.53"))))))
        .isEqualTo(base);
    assertThat(hash(pool(policy(p -> p.getSpec().getSandbox().setImage("example.org/other:1")))))
        .isNotEqualTo(base);
    assertThat(
            hash(
                pool(
                    policy(
                        p -> {
                          List<ToolName> tools = new ArrayList<>(p.getSpec().getTools());
                          tools.add(ToolName.TCPDUMP);
                          p.getSpec().setTools(tools);
                        }))))
        .isNotEqualTo(base);
  }

  @Test
  void theDenyAllSelectsOnlyThePolicysPoolAndHasNoRules() {
    var denyAll = WarmPoolPodRenderer.denyAll(policy(p -> {}));
    assertThat(denyAll.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(Map.of(WarmPoolPodRenderer.POOL_LABEL, "netops"));
    assertThat(denyAll.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(denyAll.getSpec().getEgress()).isNullOrEmpty();
    assertThat(denyAll.getSpec().getIngress()).isNullOrEmpty();
  }
}
