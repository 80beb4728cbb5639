package io.itmcp.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The API types and the policy engine are shared by the operator and the gateway, so they know
 * neither; and the policy engine is pure (no Kubernetes client: it checks text, it does not talk to
 * a cluster).
 */
@AnalyzeClasses(packages = "io.itmcp", importOptions = ImportOption.DoNotIncludeTests.class)
class ApiModuleArchitectureTest {

  @ArchTest
  static final ArchRule theSharedModuleKnowsNeitherOperatorNorGateway =
      noClasses()
          .that()
          .resideInAnyPackage("io.itmcp.api..", "io.itmcp.policy..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.itmcp.gateway..", "io.itmcp.operator..")
          .because("crds is the contract both sides build on");

  @ArchTest
  static final ArchRule thePolicyEngineDoesNotUseTheKubernetesClient =
      noClasses()
          .that()
          .resideInAPackage("io.itmcp.policy..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.fabric8.kubernetes.client..")
          .because(
              "the policy engine decides on text and API objects; talking to a cluster is the callers' job");

  @ArchTest
  static final ArchRule theApiTypesDoNotUseThePolicyEngine =
      noClasses()
          .that()
          .resideInAPackage("io.itmcp.api..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.itmcp.policy..")
          .because("the API types are plain data; the engine reads them, not the other way round");
}
