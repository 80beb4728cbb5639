/** The ITMCP operator: reconcilers, pure renderers, DNS resolution and session lifecycle. */
package io.itmcp.operator;
