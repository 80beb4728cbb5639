/**
 * ps_tool and top_tool: fixed argv shapes; ps's filter is applied by the gateway to the output,
 * never passed to a program.
 */
package io.itmcp.gateway.tools.process;
