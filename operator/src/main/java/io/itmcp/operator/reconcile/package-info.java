/**
 * The reconcilers and their I/O: {@code SessionReconciler} (admit against the policy's limits,
 * write the network objects before the pod, follow the pod, end the session on TTL, idle timeout or
 * policy deletion) and {@code PolicyReconciler} (resolve names, report status). The objects are
 * made by the pure renderers in {@code render}.
 *
 * <p>A session's reconciliation runs in four steps: observe ({@code SessionObservation}, the caches
 * read once), admit ({@code SessionAdmission}, pure: wait, end, stay failed, refuse or go on; then
 * {@code SessionAdmissions}, the serialised ledger of the pure {@code SessionQuota}), apply ({@code
 * SessionApply}: network objects, then the pod found, claimed or created) and status ({@code
 * SessionStatusRenderer}, pure).
 */
package io.itmcp.operator.reconcile;
