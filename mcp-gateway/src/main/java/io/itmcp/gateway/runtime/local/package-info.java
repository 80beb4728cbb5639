/**
 * The local runtime: every command of a session in a fresh bubblewrap sandbox ({@link
 * io.itmcp.gateway.runtime.local.BwrapCommand} says exactly what is isolated), run by {@link
 * io.itmcp.gateway.runtime.local.ProcessRunner} with a deadline that kills the process tree, an
 * output cap and cancellation. {@link io.itmcp.gateway.runtime.local.LocalSandboxRuntime#create} is
 * what {@code --runtime local [--allow-unsandboxed]} builds.
 */
package io.itmcp.gateway.runtime.local;
