/**
 * The policy semantics both sides share: a policy spec compiled into an {@link
 * io.itmcp.policy.EffectivePolicy} that answers "may this host, port, path, DNS server or remote
 * command be used?" with canonical parsing before matching (hosts, IP literals, CIDRs, paths,
 * command tokens). Pure functions, no I/O except {@link io.itmcp.policy.PolicyLoader} reading a
 * manifest; every refusal is a {@link io.itmcp.policy.Refusal} that names what was refused, by
 * which rule, and what is allowed. Depends on nothing of the gateway or the operator
 * (ApiModuleArchitectureTest).
 */
package io.itmcp.policy;
