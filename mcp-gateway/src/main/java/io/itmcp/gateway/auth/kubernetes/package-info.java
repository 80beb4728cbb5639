/**
 * Authentication by Kubernetes TokenReview and authorization by SubjectAccessReview (verb {@code
 * use} on {@code itmcppolicies/<name>}); both cached briefly, both fail closed. RBAC: create on
 * {@code tokenreviews.authentication.k8s.io} and {@code subjectaccessreviews.authorization.k8s.io}
 * (cluster-scoped).
 */
package io.itmcp.gateway.auth.kubernetes;
