/**
 * The API of group {@code itmcp.io}, version {@code v1alpha1}: {@code ItmcpPolicy} (written by
 * platform teams, kept in Git) and {@code ItmcpSession} (written by the gateway, reconciled by the
 * operator). The CRD YAML is generated from these types (bounds, patterns and CEL rules are
 * annotations here) and checked for drift. {@link io.itmcp.api.v1alpha1.SessionContract} and {@link
 * io.itmcp.api.v1alpha1.SessionNaming} are the one home of what the operator and the gateway both
 * depend on: labels, annotations, container names, condition reasons, object names.
 */
package io.itmcp.api.v1alpha1;
