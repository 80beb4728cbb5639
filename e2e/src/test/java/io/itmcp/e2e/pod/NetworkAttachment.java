package io.itmcp.e2e.pod;

/**
 * Where a container's network namespace comes from. The first container of a pod owns it (in
 * Kubernetes that is the pause container; here the sandbox container plays that part), so the
 * pod-level sysctls and the hostname are set on it; the others join it, as containers of one pod
 * do.
 */
public sealed interface NetworkAttachment {

  /** A namespace of its own on a docker network. */
  record Own(String network) implements NetworkAttachment {}

  /** The namespace of an already running container ({@code --network container:NAME}). */
  record Join(String container) implements NetworkAttachment {}
}
