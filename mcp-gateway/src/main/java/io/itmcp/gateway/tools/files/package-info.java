/**
 * The file tools (cat, grep, head, tail): paths must lie inside the policy's allowed directories,
 * checked by the gateway before anything runs and again inside the sandbox at read time.
 */
package io.itmcp.gateway.tools.files;
