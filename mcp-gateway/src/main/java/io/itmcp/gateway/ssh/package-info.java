/**
 * Where ssh_tool's key, known_hosts and per-host users come from: files named by the original ITMCP
 * variables locally, the Secret the operator mounts in the pod in a cluster. Only file locations
 * leave this package; key material never reaches an argv or a log.
 */
package io.itmcp.gateway.ssh;
