package io.itmcp.e2e.docker;

/** A network the test created: its name, subnet (CIDR) and the bridge's gateway address. */
public record DockerNetwork(String name, String subnet, String gateway) {}
