package io.itmcp.e2e.netpol;

import io.itmcp.e2e.docker.CommandResult;
import io.itmcp.e2e.docker.HostCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs {@link NetworkPolicyIptables.Rules} for one pod address in Docker's {@code DOCKER-USER}
 * chain (consulted before Docker's own forwarding rules, also for traffic between containers on one
 * bridge). Each version goes into new chains that are fully built before the jumps switch to them,
 * so an update never leaves a moment without rules. Every rule and chain carries the {@link #TAG}
 * so {@link #removeLeftovers()} finds what a killed run left.
 */
public final class EgressFirewall implements AutoCloseable {
  public static final String TAG = "itmcp-e2e";

  /**
   * Chains are named ITMCPE2E-{E|I}PID-N: the creating JVM's pid tells a dead run's leftovers
   * apart.
   */
  private static final String CHAIN_PREFIX = "ITMCPE2E-";

  private static final java.util.concurrent.atomic.AtomicInteger GENERATION =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final long PID = ProcessHandle.current().pid();
  private final String podIp;
  private List<String> installedChains = List.of();

  public EgressFirewall(String podIp) {
    this.podIp = podIp;
  }

  /**
   * Replaces what is installed with these rules, in one {@code iptables-restore --noflush}
   * transaction: the new chains and their jumps appear, and the previous jumps and chains go, at
   * once. (One process instead of one iptables per rule: on a loaded machine a claimed pod's rules
   * took seconds to follow its relabel, longer than the claim itself.)
   */
  public synchronized void apply(NetworkPolicyIptables.Rules rules) {
    int generation = GENERATION.incrementAndGet();
    String egress = CHAIN_PREFIX + "E" + PID + "-" + generation;
    String ingress = CHAIN_PREFIX + "I" + PID + "-" + generation;
    List<String> previous = installedChains;
    List<String> lines =
        new ArrayList<>(List.of("*filter", ":" + egress + " - [0:0]", ":" + ingress + " - [0:0]"));
    // declaring a chain that exists flushes it under --noflush; its jumps go below in the same
    // commit
    previous.forEach(chain -> lines.add(":" + chain + " - [0:0]"));
    rules.egress().forEach(rule -> lines.add("-A " + egress + " " + String.join(" ", rule)));
    rules.ingress().forEach(rule -> lines.add("-A " + ingress + " " + String.join(" ", rule)));
    // Jumps for the new chains go first; then the old jumps and chains are removed.
    lines.add(jump("-I DOCKER-USER 1", "-d", ingress));
    lines.add(jump("-I DOCKER-USER 1", "-s", egress));
    if (previous.size() == 2) {
      lines.add(jump("-D DOCKER-USER", "-s", previous.get(0)));
      lines.add(jump("-D DOCKER-USER", "-d", previous.get(1)));
    }
    previous.forEach(chain -> lines.add("-X " + chain));
    lines.add("COMMIT");
    restore(lines);
    installedChains = List.of(egress, ingress);
  }

  private String jump(String command, String direction, String chain) {
    return command
        + " "
        + direction
        + " "
        + podIp
        + "/32 -m comment --comment "
        + TAG
        + " -j "
        + chain;
  }

  private static void restore(List<String> lines) {
    for (String line : lines) {
      if (line.contains("\"") || line.contains("'")) {
        throw new IllegalArgumentException("a rule with quotes cannot be batched: " + line);
      }
    }
    java.nio.file.Path batch = null;
    try {
      batch = java.nio.file.Files.createTempFile("itmcp-e2e-iptables-", ".rules");
      java.nio.file.Files.write(batch, lines);
      CommandResult r =
          HostCommand.run(
              List.of("iptables-restore", "-w", "10", "--noflush", batch.toString()),
              Duration.ofSeconds(20));
      if (!r.ok()) {
        throw new IllegalStateException(
            "iptables-restore failed: " + r.describe() + "\n" + String.join("\n", lines));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      if (batch != null) {
        batch.toFile().delete();
      }
    }
  }

  /** The current rules of DOCKER-USER and our chains, for failure messages. */
  public static String dump() {
    return HostCommand.run(List.of("iptables", "-S"), Duration.ofSeconds(10))
        .stdout()
        .lines()
        .filter(l -> l.contains("DOCKER-USER") || l.contains(CHAIN_PREFIX))
        .reduce("", (a, b) -> a + b + "\n");
  }

  /** The rules and chains this JVM still has installed (empty once every firewall is closed). */
  public static String ownRules() {
    return HostCommand.run(List.of("iptables", "-S"), Duration.ofSeconds(10))
        .stdout()
        .lines()
        .filter(
            l ->
                l.contains(CHAIN_PREFIX + "E" + PID + "-")
                    || l.contains(CHAIN_PREFIX + "I" + PID + "-"))
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
    for (String rule :
        HostCommand.run(List.of("iptables", "-S", "DOCKER-USER"), Duration.ofSeconds(10))
            .stdout()
            .lines()
            .toList()) {
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
}
