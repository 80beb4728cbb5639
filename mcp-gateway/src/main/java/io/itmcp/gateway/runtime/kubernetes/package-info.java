/**
 * The cluster runtime ({@code serve --runtime kubernetes}): one ItmcpSession per MCP session,
 * commands by pod exec in the pod the operator makes for it, policies from a watch on the cluster
 * (read live while the watch is not synced and connected).
 *
 * <h2>Wiring</h2>
 *
 * <ul>
 *   <li>{@link io.itmcp.gateway.runtime.kubernetes.KubernetesSandboxRuntime} with {@link
 *       io.itmcp.gateway.runtime.kubernetes.KubernetesRuntimeSettings#defaults(String)}; {@code
 *       open(SessionRequest)} carries the client name and version of MCP initialize.
 *   <li>{@link io.itmcp.gateway.runtime.kubernetes.ClusterPolicySource#policyForPath(String)} for
 *       {@code /mcp/{policy}} ({@code /mcp}: the {@code --policy-name} default).
 * </ul>
 *
 * <h2>Contract with the operator</h2>
 *
 * The names are in {@link io.itmcp.api.v1alpha1.SessionContract} and {@link
 * io.itmcp.api.v1alpha1.SessionNaming}, shared with the operator.
 *
 * <ul>
 *   <li>Idle expiry: the gateway merge-patches the annotation {@value
 *       io.itmcp.api.v1alpha1.SessionContract#LAST_ACTIVITY_ANNOTATION} (RFC 3339, UTC, seconds) at
 *       most once per min(30s, idleTimeout/4) per session.
 *   <li>Quota: a Failed session with a condition reason (or message containing) {@code
 *       QuotaExceeded} is reported as such.
 *   <li>Ready: phase Ready with {@code status.podName}; commands run in containers {@code sandbox}
 *       and {@code capture}; the pod carries label {@code itmcp.io/session=<session name>}.
 *   <li>The sandbox image has {@code itmcp-deadline} and {@code itmcp-read} in its {@code PATH}
 *       (every argv runs under the first, every file tool's under the second).
 * </ul>
 *
 * <h2>RBAC the gateway needs in the sandbox namespace</h2>
 *
 * <ul>
 *   <li>{@code itmcp.io} {@code itmcpsessions}: create, get, list, watch, patch, delete
 *   <li>{@code itmcp.io} {@code itmcppolicies}: get, list, watch (without list and watch every
 *       lookup reads live)
 *   <li>{@code ""} {@code pods}: get, list, watch; {@code pods/exec}: create (and get, which API
 *       servers before the WebSocket exec change checked)
 *   <li>{@code events.k8s.io} {@code events}: create
 * </ul>
 *
 * Cluster-wide: {@code authentication.k8s.io} {@code tokenreviews} create and {@code
 * authorization.k8s.io} {@code subjectaccessreviews} create.
 */
package io.itmcp.gateway.runtime.kubernetes;
