/**
 * A person's approval of a call the policy marks for it ({@code spec.approval}), asked through the
 * MCP client: legacy era an {@code elicitation/create} request the handler waits for ({@link
 * io.itmcp.gateway.approval.LegacyElicitationApprover}); modern era a multi-round-trip result whose
 * sealed request state binds the answer to the exact call ({@link
 * io.itmcp.gateway.approval.MrtrApprover}). Every path that does not end in an explicit "approve"
 * refuses the call.
 */
package io.itmcp.gateway.approval;
