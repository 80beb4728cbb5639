/**
 * The MCP server side, independent of transport and runtime: the tool catalog turned into MCP tools
 * described per policy, and {@code ToolCallHandler}, which runs one call in a fixed order — policy
 * check before anything runs, limits, sandbox, exec with deadline, output cap and progress, one
 * audit record — and turns the outcome into a tool result. Imports no runtime implementation
 * (GatewayArchitectureTest).
 */
package io.itmcp.gateway.server;
