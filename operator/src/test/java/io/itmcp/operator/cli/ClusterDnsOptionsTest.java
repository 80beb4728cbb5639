package io.itmcp.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.operator.config.ClusterDns;
import io.itmcp.operator.config.ClusterDns.Port;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The --cluster-dns-* and --node-local-dns flags of `run`, and what they refuse. */
class ClusterDnsOptionsTest {

  @Test
  void withoutFlagsItIsKubeDnsOn53() {
    assertThat(OperatorArgs.clusterDns(List.of("run", "--namespaces=x")))
        .isEqualTo(ClusterDns.kubeDns());
    assertThat(ClusterDns.kubeDns().namespaceLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "kube-system"));
    assertThat(ClusterDns.kubeDns().podLabels()).isEqualTo(Map.of("k8s-app", "kube-dns"));
    assertThat(ClusterDns.kubeDns().ports())
        .containsExactly(new Port("UDP", "53"), new Port("TCP", "53"));
    assertThat(ClusterDns.kubeDns().nodeLocalAddress()).isEmpty();
  }

  @Test
  void openShiftSelectorsAndNamedPorts() {
    ClusterDns dns =
        OperatorArgs.clusterDns(
            List.of(
                "run",
                "--cluster-dns-namespace-labels=kubernetes.io/metadata.name=openshift-dns",
                "--cluster-dns-pod-labels=dns.operator.openshift.io/daemonset-dns=default",
                "--cluster-dns-ports=UDP:dns,TCP:dns-tcp"));
    assertThat(dns.namespaceLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "openshift-dns"));
    assertThat(dns.podLabels())
        .isEqualTo(Map.of("dns.operator.openshift.io/daemonset-dns", "default"));
    assertThat(dns.ports()).containsExactly(new Port("UDP", "dns"), new Port("TCP", "dns-tcp"));
    assertThat(dns.ports()).noneMatch(Port::numeric);
    assertThat(dns.nodeLocalAddress()).isEmpty();
  }

  @Test
  void aNodeLocalCacheKeepsTheClusterDnsAndAddsItsAddress() {
    ClusterDns dns = OperatorArgs.clusterDns(List.of("run", "--node-local-dns=169.254.20.10"));
    assertThat(dns.withNodeLocalAddress(Optional.empty())).isEqualTo(ClusterDns.kubeDns());
    assertThat(dns.nodeLocalAddress()).hasValue("169.254.20.10");
    assertThat(
            OperatorArgs.clusterDns(List.of("run", "--node-local-dns=fd00::a")).nodeLocalAddress())
        .hasValue("fd00::a");
    assertThat(OperatorArgs.clusterDns(List.of("run", "--node-local-dns=")).nodeLocalAddress())
        .isEmpty();
  }

  @Test
  void numericPortsAndSeveralLabels() {
    ClusterDns dns =
        OperatorArgs.clusterDns(
            List.of(
                "run",
                "--cluster-dns-ports=udp:5353,tcp:5353",
                "--cluster-dns-pod-labels=app=dns, tier=infra"));
    assertThat(dns.ports()).containsExactly(new Port("UDP", "5353"), new Port("TCP", "5353"));
    assertThat(dns.podLabels()).isEqualTo(Map.of("app", "dns", "tier", "infra"));
  }

  @Test
  void refusesWhatNoNetworkPolicyCouldSay() {
    assertThatThrownBy(
            () -> OperatorArgs.clusterDns(List.of("run", "--node-local-dns=node-local.dns.local")))
        .hasMessageContaining("node-local DNS address must be an IP address");
    assertThatThrownBy(() -> OperatorArgs.clusterDns(List.of("run", "--cluster-dns-ports=SCTP:53")))
        .hasMessageContaining("must be UDP or TCP");
    assertThatThrownBy(() -> OperatorArgs.clusterDns(List.of("run", "--cluster-dns-ports=UDP:0")))
        .hasMessageContaining("1-65535 or a port name");
    assertThatThrownBy(
            () -> OperatorArgs.clusterDns(List.of("run", "--cluster-dns-ports=UDP:70000")))
        .hasMessageContaining("1-65535 or a port name");
    assertThatThrownBy(() -> OperatorArgs.clusterDns(List.of("run", "--cluster-dns-ports=UDP:DNS")))
        .as("port names are lower-case IANA_SVC_NAMEs")
        .hasMessageContaining("1-65535 or a port name");
    assertThatThrownBy(
            () ->
                OperatorArgs.clusterDns(
                    List.of("run", "--cluster-dns-ports=UDP:a-very-long-port-name")))
        .hasMessageContaining("at most 15");
    assertThatThrownBy(() -> OperatorArgs.clusterDns(List.of("run", "--cluster-dns-ports=53")))
        .hasMessageContaining("PROTOCOL:PORT");
    assertThatThrownBy(
            () -> OperatorArgs.clusterDns(List.of("run", "--cluster-dns-pod-labels=k8s-app")))
        .hasMessageContaining("key=value");
  }
}
