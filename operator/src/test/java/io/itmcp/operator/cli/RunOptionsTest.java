package io.itmcp.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.operator.config.ClusterDns;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.config.SandboxImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every flag of `run` reaches OperatorOptions; without flags the options are the documented
 * defaults.
 */
class RunOptionsTest {
  static final String KUBERNETES_MASTER = "kubernetes.master";

  @Test
  void withoutFlagsTheOptionsAreTheDefaults() {
    OperatorOptions options = OperatorArgs.options(List.of("run"));
    assertThat(options).isEqualTo(OperatorOptions.defaults());
    assertThat(options.namespaces()).isEmpty();
    assertThat(options.defaultImage()).isEqualTo(SandboxImage.DEFAULT);
    assertThat(options.egressMode()).isEqualTo(EgressMode.AUTO);
    assertThat(options.clusterDns()).isEqualTo(ClusterDns.kubeDns());
    assertThat(options.dnsTtlFloor()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.dnsTtlCeiling()).isEqualTo(Duration.ofSeconds(300));
    assertThat(options.dnsDefaultTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(options.tmpSizeLimit()).isEqualTo("64Mi");
    assertThat(options.sshMountPath())
        .isEqualTo(SessionContract.SSH_MOUNT_PATH)
        .isEqualTo("/var/run/itmcp/ssh");
    assertThat(options.leaderElection()).isTrue();
    assertThat(options.leaseName()).isEqualTo("itmcp-operator");
    assertThat(options.leaseNamespace()).isNull();
    assertThat(options.httpPort()).isEqualTo(8080);
    assertThat(options.missingPolicyRetry()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void everyFlagSetsItsOption() {
    OperatorOptions options =
        OperatorArgs.options(
            List.of(
                "run",
                "--namespaces=team-a,team-b",
                "--default-image=registry.example.com/sandbox:2",
                "--egress-mode=cilium",
                "--node-local-dns=169.254.20.10",
                "--dns-ttl-floor=10",
                "--dns-ttl-ceiling=600",
                "--dns-default-ttl=120",
                "--tmp-size-limit=256Mi",
                "--ssh-mount-path=/etc/itmcp/ssh",
                "--no-leader-election",
                "--lease-name=itmcp-operator-blue",
                "--lease-namespace=itmcp-system",
                "--http-port=0",
                "--missing-policy-retry=5"));
    assertThat(options)
        .isEqualTo(
            OperatorOptions.builder()
                .namespaces(Set.of("team-a", "team-b"))
                .defaultImage("registry.example.com/sandbox:2")
                .egressMode(EgressMode.CILIUM)
                .clusterDns(ClusterDns.kubeDns().withNodeLocalAddress(Optional.of("169.254.20.10")))
                .dnsTtl(Duration.ofSeconds(10), Duration.ofSeconds(600), Duration.ofSeconds(120))
                .tmpSizeLimit("256Mi")
                .sshMountPath("/etc/itmcp/ssh")
                .leaderElection(false)
                .lease("itmcp-operator-blue", "itmcp-system")
                .httpPort(0)
                .missingPolicyRetry(Duration.ofSeconds(5))
                .build());
  }

  @Test
  void aChangedCopyKeepsEverythingElse() {
    OperatorOptions blue =
        OperatorArgs.options(List.of("run", "--lease-name=blue", "--dns-default-ttl=90"));
    OperatorOptions copy = blue.toBuilder().httpPort(9090).build();
    assertThat(copy.httpPort()).isEqualTo(9090);
    assertThat(copy.toBuilder().httpPort(blue.httpPort()).build()).isEqualTo(blue);
  }

  @Test
  void valuesNoSandboxCouldUseAreRefusedNamingTheFlagAndWhatIsAllowed() {
    assertRefused(
        "--dns-ttl-floor=400",
        "--dns-ttl-floor (400 s) must not be above --dns-ttl-ceiling (300 s)");
    assertRefused(
        "--dns-ttl-floor=0", "--dns-ttl-floor must be a positive number of seconds, not 0");
    assertRefused(
        "--dns-default-ttl=-5", "--dns-default-ttl must be a positive number of seconds, not -5");
    assertRefused(
        "--missing-policy-retry=0",
        "--missing-policy-retry must be a positive number of seconds, not 0");
    assertRefused(
        "--tmp-size-limit=lots",
        "--tmp-size-limit must be a positive Kubernetes quantity such as 64Mi"
            + " or 1Gi, not 'lots'");
    assertRefused("--tmp-size-limit=0", "--tmp-size-limit must be a positive Kubernetes quantity");
    assertRefused(
        "--ssh-mount-path=ssh", "--ssh-mount-path must be an absolute path without ':', not 'ssh'");
    assertRefused(
        "--ssh-mount-path=/var/run/a:b", "--ssh-mount-path must be an absolute path without ':'");
    assertRefused("--default-image= ", "--default-image must name an image");
    assertRefused("--lease-name=", "--lease-name must name a Lease");
    assertRefused("--http-port=70000", "--http-port must be 0 (no server) to 65535, not 70000");
    assertRefused(
        "--egress-mode=calico", "unknown egress mode 'calico'; use network-policy, cilium or auto");
  }

  @Test
  void aRefusedFlagEndsRunWithExitCode2BeforeAnyClusterIsAsked() {
    // Should the refusal ever come too late, the client it would build talks to a closed loopback
    // port, never to a name the system resolver would look up.
    String master = System.getProperty(KUBERNETES_MASTER);
    System.setProperty(KUBERNETES_MASTER, "https://127.0.0.1:1");
    try {
      refusedFlagsExitWith2();
    } finally {
      if (master == null) {
        System.clearProperty(KUBERNETES_MASTER);
      } else {
        System.setProperty(KUBERNETES_MASTER, master);
      }
    }
  }

  private static void refusedFlagsExitWith2() {
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new Main())
            .setErr(new PrintWriter(err, true))
            .execute("run", "--tmp-size-limit=lots", "--warm-pool-max-pods=3");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--tmp-size-limit must be a positive Kubernetes quantity")
        .contains("Usage: itmcp-operator run");

    StringWriter pool = new StringWriter();
    assertThat(
            new CommandLine(new Main())
                .setErr(new PrintWriter(pool, true))
                .execute("run", "--warm-pool-max-pods=-1"))
        .isEqualTo(2);
    assertThat(pool.toString()).contains("--warm-pool-max-pods must be 0 or more, not -1");
  }

  private static void assertRefused(String flag, String message) {
    assertThatThrownBy(() -> OperatorArgs.options(List.of("run", flag)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
