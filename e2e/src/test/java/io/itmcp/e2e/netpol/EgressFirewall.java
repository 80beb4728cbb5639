package io.itmcp.e2e.netpol;

import io.itmcp.e2e.docker.CommandResult;
import io.itmcp.e2e.docker.HostCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs {@link NetworkPolicyIptables.Rules} for one pod address in Docker's {@code DOCKER-USER}
 * chain (consulted before Docker's own forwarding rules, also for traffic between containers on
 * one bridge). Each version goes into new chains that are fully built before the jumps switch to
 * them, so an update never leaves a moment without rules. Every rule and chain carries the
 * {@link #TAG} so {@link #removeLeftovers()} finds what a killed run left.
 */
public final class EgressFirewall implements AutoCloseable {
  public static final String TAG = "itmcp-e2e";
  /** Chains are named ITMCPE2E-{E|I}PID-N: the creating JVM's pid tells a dead run's leftovers apart. */
  private static final String CHAIN_PREFIX = "ITMCPE2E-";
  private static final java.util.concurrent.atomic.AtomicInteger GENERATION = new java.util.concurrent.atomic.AtomicInteger();
  private static final long PID = ProcessHandle.current().pid();
  private final String podIp;
  private List<String> installedChains = List.of();

  public EgressFirewall(String podIp) {
    this.podIp = podIp;
  }

  /** Replaces what is installed with these rules. */
  public synchronized void apply(NetworkPolicyIptables.Rules rules) {
    int generation = GENERATION.incrementAndGet();
    String egress = CHAIN_PREFIX + "E" + PID + "-" + generation;
    String ingress = CHAIN_PREFIX + "I" + PID + "-" + generation;
    List<String> previous = installedChains;
    newChain(egress, rules.egress());
    newChain(ingress, rules.ingress());
    // Jumps for the new chains go first; then the old jumps and chains are removed.
    iptables("-I", "DOCKER-USER", "1", "-d", podIp, "-m", "comment", "--comment", TAG, "-j", ingress);
    iptables("-I", "DOCKER-USER", "1", "-s", podIp, "-m", "comment", "--comment", TAG, "-j", egress);
    installedChains = List.of(egress, ingress);
    for (String chain : previous) {
      removeChain(chain);
    }
  }

  private void newChain(String chain, List<List<String>> rules) {
    iptables("-N", chain);
    for (List<String> rule : rules) {
      List<String> argv = new ArrayList<>(List.of("-A", chain));
      argv.addAll(rule);
      iptables(argv.toArray(String[]::new));
    }
  }

  /** The current rules of DOCKER-USER and our chains, for failure messages. */
  public static String dump() {
    return HostCommand.run(List.of("iptables", "-S"), Duration.ofSeconds(10)).stdout().lines()
        .filter(l -> l.contains("DOCKER-USER") || l.contains(CHAIN_PREFIX)).reduce("", (a, b) -> a + b + "\n");
  }

  /** The rules and chains this JVM still has installed (empty once every firewall is closed). */
  public static String ownRules() {
    return HostCommand.run(List.of("iptables", "-S"), Duration.ofSeconds(10)).stdout().lines()
        .filter(l -> l.contains(CHAIN_PREFIX + "E" + PID + "-") || l.contains(CHAIN_PREFIX + "I" + PID + "-"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  @Override
  public synchronized void close() {
    for (String chain : installedChains) {
      removeChain(chain);
    }
    installedChains = List.of();
  }

  private static void removeChain(String chain) {
    for (String rule : HostCommand.run(List.of("iptables", "-S", "DOCKER-USER"), Duration.ofSeconds(10)).stdout()
        .lines().toList()) {
      if (rule.startsWith("-A DOCKER-USER ") && rule.endsWith("-j " + chain)) {
        List<String> argv = new ArrayList<>(List.of("iptables", "-D"));
        argv.addAll(List.of(rule.substring(3).split(" ")));
        HostCommand.run(argv, Duration.ofSeconds(10));
      }
    }
    HostCommand.run(List.of("iptables", "-F", chain), Duration.ofSeconds(10));
    HostCommand.run(List.of("iptables", "-X", chain), Duration.ofSeconds(10));
  }

  /** Removes every jump and chain of ours made by a JVM that is no longer running. */
  public static void removeLeftovers() {
    CommandResult list = HostCommand.run(List.of("iptables", "-S"), Duration.ofSeconds(10));
    for (String line : list.stdout().lines().toList()) {
      if (line.startsWith("-N " + CHAIN_PREFIX)) {
        String chain = line.substring(3).strip();
        String pid = chain.substring(CHAIN_PREFIX.length() + 1, chain.lastIndexOf('-'));
        if (!io.itmcp.e2e.docker.Docker.isAlive(pid)) {
          removeChain(chain);
        }
      }
    }
  }

  private static void iptables(String... args) {
    List<String> argv = new ArrayList<>(List.of("iptables", "-w", "10"));
    argv.addAll(List.of(args));
    CommandResult r = HostCommand.run(argv, Duration.ofSeconds(20));
    if (!r.ok()) {
      throw new IllegalStateException("iptables failed: " + r.describe());
    }
  }
}
