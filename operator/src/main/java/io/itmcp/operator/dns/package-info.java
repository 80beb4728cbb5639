/**
 * Resolution of a policy's host names for the egress rules: a resolver seam (system or static for
 * tests and {@code render --resolve}), the outcome per name, and the IP literals, which are parsed
 * by the policy engine's {@code IpLiterals} and never looked up.
 */
package io.itmcp.operator.dns;
