package io.itmcp.e2e.netpol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.e2e.docker.Docker;
import io.itmcp.e2e.docker.RequiresDockerEngine;
import io.itmcp.e2e.env.PeerNetwork;
import io.itmcp.e2e.env.Peers;
import io.itmcp.e2e.env.SandboxPodEnvironment;
import io.itmcp.e2e.pod.TestSession;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.tools.ToolCallRunner;
import io.itmcp.gateway.tools.ToolCatalog;
import io.itmcp.policy.PolicyRefusedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The NetworkPolicy the operator renders, enforced on a real container's traffic (iptables in
 * DOCKER-USER, by standard NetworkPolicy semantics), and seen to hold when the test bypasses the
 * gateway and runs nc, ping and dig in the container directly: peer A (allowed) answers, peer B
 * (not allowed) does not, DNS reaches only the allowed server; editing the policy and re-rendering
 * moves reachability for the next call.
 */
@ExtendWith(RequiresDockerEngine.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkPolicyEnforcementTest {
  private static final int B_PORT = PeerNetwork.B_PORT;
  private SandboxPodEnvironment env;
  private String peerBContainer;
  private String peerB;
  private String dnsB;
  private EgressFirewall firewall;
  private final ExecutorService checks = Executors.newCachedThreadPool();

  static String policy(String host, String dnsServer) {
    return """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpPolicy
        metadata: {name: e2e-egress, namespace: itmcp-sandboxes}
        spec:
          tools: [ping, telnet, dig]
          allowedHosts: ["%1$s"]
          dnsServers: ["%2$s"]
        """
        .formatted(host, dnsServer);
  }

  @BeforeAll
  void start() {
    EgressFirewallCleanup.removeLeftoversOnce();
    env =
        SandboxPodEnvironment.start(
            "egress", p -> policy(p.sshIp, p.dnsIp), UnaryOperator.identity());
    // B and the second DNS server are this JVM's shared peers: the rules below are keyed to this
    // class's pod address, so they never reach another class's traffic to them.
    PeerNetwork shared = PeerNetwork.shared();
    peerBContainer = shared.peerBContainer();
    peerB = shared.peerB();
    dnsB = shared.dnsB();
    firewall = new EgressFirewall(env.sandboxIp);
    env.resources.onClose(firewall::close);
  }

  /** One test's rules never reach the next, even when it failed before removing them. */
  @AfterEach
  void removeRules() {
    firewall.close();
  }

  @AfterAll
  void stop() {
    checks.shutdownNow();
    if (env != null) {
      env.close();
    }
    assertThat(EgressFirewall.ownRules()).as("no rule of ours is left").isEmpty();
  }

  private ExecResult sandbox(String... argv) throws InterruptedException {
    return env.sandbox.exec(
        new ExecRequest(List.of(argv), ExecTarget.SANDBOX, Duration.ofSeconds(15), 1 << 16),
        ProgressListener.NONE);
  }

  private boolean ping(String ip) throws InterruptedException {
    return sandbox("ping", "-n", "-c", "1", "-W", "2", "--", ip).exitCode() == 0;
  }

  private boolean connect(String ip, int port) throws InterruptedException {
    return sandbox("nc", "-z", "-w", "2", "--", ip, Integer.toString(port)).exitCode() == 0;
  }

  private String dns(String server) throws InterruptedException {
    ExecResult r = sandbox("dig", "@" + server, "+short", "+time=2", "+tries=1", Peers.ZONE_NAME);
    // dig exits 9 when no server answered (and says so on stdout); only an answer counts.
    return r.exitCode() == 0 ? r.stdout().strip() : "";
  }

  /**
   * A check run beside the others: a dropped packet is only known by waiting out the check's own
   * timeout (2 s), so the checks expected to be dropped run at once and wait once.
   */
  private <T> CompletableFuture<T> meanwhile(Callable<T> check) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return check.call();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        checks);
  }

  private NetworkPolicy enforce(String host, String dnsServer) {
    TestSession session = TestSession.render(policy(host, dnsServer), Map.of());
    NetworkPolicyIptables.Rules rules =
        NetworkPolicyIptables.translate(session.rendered().networkPolicy(), env.pod, env.sandboxIp);
    rules
        .notes()
        .forEach(n -> System.err.println("[itmcp-e2e] NetworkPolicy not enforced here: " + n));
    firewall.apply(rules);
    return session.rendered().networkPolicy();
  }

  @Test
  void egressReachesOnlyWhatTheRenderedPolicyAllowsAndFollowsPolicyEdits() throws Exception {
    String a = env.peers.sshIp;
    String dnsA = env.peers.dnsIp;
    // Without rules everything on the network answers: what follows is the firewall's doing.
    assertThat(ping(a)).isTrue();
    assertThat(ping(peerB)).isTrue();
    assertThat(connect(peerB, B_PORT)).isTrue();
    assertThat(dns(dnsB)).isEqualTo(peerB);

    enforce(a, dnsA);
    String rules = EgressFirewall.dump();
    assertThat(ping(a)).as("A allowed (no port: ICMP too)\n" + rules).isTrue();
    assertThat(connect(a, 22)).as("A allowed\n" + rules).isTrue();
    assertThat(dns(dnsA)).as("the allowed DNS server answers").isEqualTo(a);
    CompletableFuture<Boolean> pingB = meanwhile(() -> ping(peerB));
    CompletableFuture<Boolean> connectB = meanwhile(() -> connect(peerB, B_PORT));
    CompletableFuture<String> dnsFromB = meanwhile(() -> dns(dnsB));
    CompletableFuture<Boolean> sshToDnsA = meanwhile(() -> connect(dnsA, 22));
    CompletableFuture<Boolean> pingDnsA = meanwhile(() -> ping(dnsA));
    assertThat(pingB.get()).as("B is outside the policy\n" + rules).isFalse();
    assertThat(connectB.get()).as("B is outside the policy\n" + rules).isFalse();
    assertThat(dnsFromB.get()).as("DNS goes only to the allowed server").isEmpty();
    assertThat(sshToDnsA.get()).as("the DNS server is allowed on 53 only").isFalse();
    assertThat(pingDnsA.get()).as("the DNS server's rule names ports, so no ICMP").isFalse();
    // The gateway's own check agrees (defence in depth: each layer holds alone).
    assertThatThrownBy(
            () ->
                ToolCatalog.all().stream()
                    .filter(t -> t.name() == ToolName.PING)
                    .findFirst()
                    .orElseThrow()
                    .plan(Map.of("target", peerB), env.session.effective()))
        .isInstanceOf(PolicyRefusedException.class);
    ToolCallRunner.Outcome telnet =
        ToolCallRunner.run(
            env.sandbox,
            ToolCatalog.all().stream()
                .filter(t -> t.name() == ToolName.TELNET)
                .findFirst()
                .orElseThrow()
                .plan(Map.of("target", a, "port", 22), env.session.effective()),
            env.session.effective(),
            ProgressListener.NONE);
    assertThat(telnet.result().exitCode()).as("telnet_tool through the runner reaches A").isZero();

    // Edit the policy: B instead of A, and the other DNS server. Re-render, re-apply.
    enforce(peerB, dnsB);
    rules = EgressFirewall.dump();
    assertThat(ping(peerB)).as("B now allowed\n" + rules).isTrue();
    assertThat(connect(peerB, B_PORT)).as("B now allowed\n" + rules).isTrue();
    assertThat(dns(dnsB)).isEqualTo(peerB);
    CompletableFuture<ExecResult> pingA =
        meanwhile(() -> sandbox("ping", "-n", "-c", "1", "-W", "2", "--", a));
    CompletableFuture<Boolean> sshToA = meanwhile(() -> connect(a, 22));
    CompletableFuture<String> dnsFromA = meanwhile(() -> dns(dnsA));
    assertThat(pingA.get().exitCode())
        .as("A no longer allowed\n" + rules + "\nping: " + pingA.get().stdout())
        .isNotZero();
    assertThat(sshToA.get()).as("A no longer allowed\n" + rules).isFalse();
    assertThat(dnsFromA.get()).isEmpty();

    firewall.close();
    assertThat(EgressFirewall.ownRules()).isEmpty();
    assertThat(ping(a)).as("rules removed: A answers again").isTrue();
  }

  @Test
  void nothingFromOutsideReachesThePod() throws Exception {
    var before =
        Docker.docker(
            List.of(
                "exec", peerBContainer, "ping", "-n", "-c", "1", "-W", "2", "--", env.sandboxIp),
            Duration.ofSeconds(15));
    assertThat(before.ok()).as("without rules B reaches the pod: " + before.describe()).isTrue();
    enforce(env.peers.sshIp, env.peers.dnsIp);
    // The pod has nothing listening, so send what a listener would not need: ping from peer B.
    var fromB =
        Docker.docker(
            List.of(
                "exec", peerBContainer, "ping", "-n", "-c", "1", "-W", "2", "--", env.sandboxIp),
            Duration.ofSeconds(15));
    assertThat(fromB.ok()).as("no ingress: " + fromB.describe()).isFalse();
    assertThat(fromB.stdout()).contains("0 received");
    ExecResult pingFromA =
        env.sandbox.exec(
            new ExecRequest(
                List.of("ping", "-n", "-c", "1", "-W", "2", "--", env.peers.sshIp),
                ExecTarget.SANDBOX,
                Duration.ofSeconds(10),
                4096),
            ProgressListener.NONE);
    assertThat(pingFromA.exitCode())
        .as("replies to the pod's own allowed traffic come back")
        .isZero();
    firewall.close();
  }
}
