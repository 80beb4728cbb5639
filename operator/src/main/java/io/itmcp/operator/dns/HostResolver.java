package io.itmcp.operator.dns;

/**
 * Resolves a canonical DNS name (lower case, ASCII, no trailing dot) to its A and AAAA addresses.
 */
@FunctionalInterface
public interface HostResolver {
  Resolution resolve(String name);
}
