package io.itmcp.deploy;

import java.nio.file.Path;

/**
 * One installable kustomization and the namespaces it puts things in.
 *
 * @param name how the tests name it
 * @param directory the kustomization, relative to deploy/
 * @param systemNamespace where the operator and the gateway run
 * @param sandboxNamespace where policies, sessions and session pods live
 */
record Install(String name, String directory, String systemNamespace, String sandboxNamespace) {
  static final String VERSION = "0.1.0";
  static final String OPERATOR = "itmcp-operator";
  static final String GATEWAY = "itmcp-gateway";

  static final Install BASE = new Install("base", "base", "itmcp-system", "itmcp-sandboxes");
  static final Install CILIUM =
      new Install("cilium overlay", "overlays/cilium", "itmcp-system", "itmcp-sandboxes");
  static final Install MONITORING =
      new Install("monitoring overlay", "overlays/monitoring", "itmcp-system", "itmcp-sandboxes");
  static final Install SINGLE_NAMESPACE =
      new Install("single-namespace overlay", "overlays/single-namespace", "itmcp", "itmcp");

  Path path() {
    return RepositoryPaths.deploy(directory);
  }

  @Override
  public String toString() {
    return name;
  }
}
