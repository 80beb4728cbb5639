/** The ITMCP MCP gateway: transports, authentication, tools, runtimes and audit. */
package io.itmcp.gateway;
