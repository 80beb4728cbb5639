/**
 * Tool calls as rate-limited Kubernetes Events (events.k8s.io/v1) on the ItmcpSession, fed from the
 * same {@link io.itmcp.gateway.audit.kubernetes.AuditEventRecord} as the JSON audit line. RBAC:
 * create on {@code events.events.k8s.io} in the sandbox namespace, get on itmcpsessions.
 */
package io.itmcp.gateway.audit.kubernetes;
