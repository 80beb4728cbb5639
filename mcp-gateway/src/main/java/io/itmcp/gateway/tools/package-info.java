/**
 * The twelve tools: each a {@link io.itmcp.gateway.tools.ToolDefinition} whose declared parameters
 * ({@link io.itmcp.gateway.tools.args}) give both the JSON schema and the validation, and whose
 * {@code plan} builds the argv (never a shell) after the policy checks.
 *
 * <p>How a call runs: {@code tool.plan(arguments, policy)} (throws ToolArgumentException or
 * PolicyRefusedException, runs nothing), then {@link io.itmcp.gateway.tools.ToolCallRunner#run}
 * with the session's sandbox: one exec per call (file tools open their file through the in-sandbox
 * reader, {@link io.itmcp.gateway.tools.files.GuardedRead}), the plan's deadline and the policy's
 * output cap, reports progress for long-running plans and filters stdout. Network tools live in
 * {@code network/}, file tools in {@code files/}, process tools in {@code process/}.
 */
package io.itmcp.gateway.tools;
