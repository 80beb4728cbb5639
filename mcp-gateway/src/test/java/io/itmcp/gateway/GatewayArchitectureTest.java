package io.itmcp.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The gateway's layers: the MCP server, HTTP front, sessions, tools, audit, auth, transport and the
 * runtime abstraction work the same whichever runtime runs the sandbox, so they never reach into a
 * runtime implementation or the cluster wiring. Only {@code cli} (which picks a runtime) and the
 * {@code kubernetes} sub-packages of audit and auth may.
 */
@AnalyzeClasses(packages = "io.itmcp.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class GatewayArchitectureTest {

  static final String[] GENERIC = {
    "io.itmcp.gateway.server..",
    "io.itmcp.gateway.modern..",
    "io.itmcp.gateway.http..",
    "io.itmcp.gateway.session..",
    "io.itmcp.gateway.tools..",
    "io.itmcp.gateway.transport..",
    "io.itmcp.gateway.ssh..",
    "io.itmcp.gateway.observe..",
    "io.itmcp.gateway.runtime",
  };

  static final String[] RUNTIME_SPECIFIC = {
    "io.itmcp.gateway.runtime.kubernetes..",
    "io.itmcp.gateway.runtime.local..",
    "io.itmcp.gateway.cluster..",
  };

  @ArchTest
  static final ArchRule genericPackagesDoNotDependOnARuntimeOrTheCluster =
      noClasses()
          .that()
          .resideInAnyPackage(GENERIC)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(RUNTIME_SPECIFIC)
          .because(
              "the generic layers must work with every SandboxRuntime; failures they handle live in gateway.runtime");

  @ArchTest
  static final ArchRule auditAndAuthCoresDoNotDependOnARuntimeOrTheCluster =
      noClasses()
          .that()
          .resideInAnyPackage("io.itmcp.gateway.audit", "io.itmcp.gateway.auth")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(RUNTIME_SPECIFIC)
          .because("only audit.kubernetes and auth.kubernetes are cluster-specific");

  @ArchTest
  static final ArchRule theLocalRuntimeDoesNotDependOnTheKubernetesRuntime =
      noClasses()
          .that()
          .resideInAPackage("io.itmcp.gateway.runtime.local..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.itmcp.gateway.runtime.kubernetes..", "io.itmcp.gateway.cluster..");

  @ArchTest
  static final ArchRule theKubernetesRuntimeDoesNotDependOnTheLocalRuntime =
      noClasses()
          .that()
          .resideInAPackage("io.itmcp.gateway.runtime.kubernetes..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.itmcp.gateway.runtime.local..");
}
