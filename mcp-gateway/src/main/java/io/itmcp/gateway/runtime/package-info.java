/**
 * The sandbox seam: a {@code SandboxRuntime} opens a {@code Sandbox} that runs one argv with a
 * deadline, an output cap and progress, never through a shell. The implementations live in {@code
 * local} (bubblewrap) and {@code kubernetes} (pod exec); the failures every runtime can report (the
 * sandbox could not start, the policy cannot be read, the exec failed) live here so generic code
 * never imports an implementation.
 */
package io.itmcp.gateway.runtime;
