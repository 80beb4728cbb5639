/**
 * MCP over stdin/stdout for one local client: the line reader that watches for cancellations and
 * the loop that serves until the client closes stdin. stdout carries only MCP messages.
 */
package io.itmcp.gateway.transport;
