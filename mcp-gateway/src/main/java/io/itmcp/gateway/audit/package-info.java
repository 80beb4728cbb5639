/**
 * The audit trail: one JSON line per call, hash-chained ({@code prev}, {@code hash}, {@code seq})
 * and synced per record, with secrets redacted; {@code AuditVerifier} finds any record changed,
 * removed, inserted or reordered. The Kubernetes Event copy lives in {@code kubernetes}.
 */
package io.itmcp.gateway.audit;
