package io.itmcp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.itmcp.operator.cli.OperatorArgs;
import io.itmcp.operator.config.ClusterDns;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DNS settings reach both places that need them: the operator's flags (which open DNS in each
 * session's egress) and the system namespace's NetworkPolicy itmcp-egress-dns (DNS of the operator
 * and the gateway themselves). For every install and every DNS component (deploy/components/
 * node-local-dns, openshift-dns), the two must name the same DNS pods, ports and cache address.
 */
class DnsComponentsTest {

  record Case(String name, Path kustomization, String systemNamespace, ClusterDns expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final ClusterDns OPENSHIFT =
      ClusterDns.kubeDns()
          .withNamespaceLabels(Map.of("kubernetes.io/metadata.name", "openshift-dns"))
          .withPodLabels(Map.of("dns.operator.openshift.io/daemonset-dns", "default"))
          .withPorts(ClusterDns.parsePorts("UDP:dns,TCP:dns-tcp"));
  static final Optional<String> NODE_LOCAL = Optional.of("169.254.20.10");

  static Path testKustomization(String name) {
    return RepositoryPaths.root()
        .resolve("deploy-tests/src/test/resources/kustomize")
        .resolve(name);
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("base", Install.BASE.path(), "itmcp-system", ClusterDns.kubeDns()),
        new Case("cilium overlay", Install.CILIUM.path(), "itmcp-system", ClusterDns.kubeDns()),
        new Case(
            "monitoring overlay", Install.MONITORING.path(), "itmcp-system", ClusterDns.kubeDns()),
        new Case(
            "single-namespace overlay",
            Install.SINGLE_NAMESPACE.path(),
            "itmcp",
            ClusterDns.kubeDns()),
        new Case(
            "base + node-local-dns",
            testKustomization("base-node-local-dns"),
            "itmcp-system",
            ClusterDns.kubeDns().withNodeLocalAddress(NODE_LOCAL)),
        new Case(
            "base + openshift-dns",
            testKustomization("base-openshift-dns"),
            "itmcp-system",
            OPENSHIFT),
        new Case(
            "base + openshift-dns + node-local-dns",
            testKustomization("base-openshift-and-node-local-dns"),
            "itmcp-system",
            OPENSHIFT.withNodeLocalAddress(NODE_LOCAL)),
        new Case(
            "single-namespace + node-local-dns",
            testKustomization("single-namespace-node-local-dns"),
            "itmcp",
            ClusterDns.kubeDns().withNodeLocalAddress(NODE_LOCAL)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void operatorFlagsAndSystemDnsPolicyAgree(Case c) throws Exception {
    Manifests manifests = Kustomize.render(c.kustomization());
    Deployment operator = manifests.get(Deployment.class, c.systemNamespace(), Install.OPERATOR);
    List<String> args = operator.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    ClusterDns flags = OperatorArgs.clusterDns(args);
    assertThat(flags).as("the operator's DNS flags %s", args).isEqualTo(c.expected());

    NetworkPolicy system =
        manifests.get(NetworkPolicy.class, c.systemNamespace(), "itmcp-egress-dns");
    assertThat(system.getSpec().getPolicyTypes()).containsExactly("Egress");
    List<NetworkPolicyEgressRule> egress = system.getSpec().getEgress();
    assertThat(egress)
        .as("the DNS pods, and the node-local cache when there is one")
        .hasSize(flags.nodeLocalAddress().isPresent() ? 2 : 1);

    NetworkPolicyEgressRule pods = egress.get(0);
    assertThat(pods.getTo())
        .singleElement()
        .satisfies(
            peer -> {
              assertThat(peer.getIpBlock()).isNull();
              assertThat(peer.getNamespaceSelector().getMatchLabels())
                  .isEqualTo(flags.namespaceLabels());
              assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(flags.podLabels());
            });
    assertThat(pods.getPorts())
        .extracting(p -> p.getProtocol() + ":" + text(p.getPort()))
        .containsExactlyInAnyOrderElementsOf(
            flags.ports().stream().map(p -> p.protocol() + ":" + p.port()).toList());

    if (flags.nodeLocalAddress().isPresent()) {
      NetworkPolicyEgressRule cache = egress.get(1);
      assertThat(cache.getTo())
          .extracting(NetworkPolicyPeer::getIpBlock)
          .singleElement()
          .satisfies(
              block -> {
                assertThat(block.getCidr()).isEqualTo(flags.nodeLocalAddress().get() + "/32");
                assertThat(block.getExcept()).isNullOrEmpty();
              });
      assertThat(cache.getPorts())
          .extracting(p -> p.getProtocol() + ":" + text(p.getPort()))
          .containsExactlyInAnyOrder("UDP:53", "TCP:53");
    }
  }

  private static String text(IntOrString port) {
    return port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
  }
}
