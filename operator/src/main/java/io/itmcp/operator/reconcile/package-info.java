/**
 * The reconcilers and their I/O: {@code SessionReconciler} (admit against the policy's limits,
 * write the network objects before the pod, follow the pod, end the session on TTL, idle timeout
 * or policy deletion) and {@code PolicyReconciler} (resolve names, report status). The decisions
 * themselves are made by the pure renderers in {@code render}.
 */
package io.itmcp.operator.reconcile;
