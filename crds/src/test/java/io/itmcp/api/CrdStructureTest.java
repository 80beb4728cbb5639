package io.itmcp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.itmcp.api.schema.CelRuleEvaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shape of the generated CRDs: names, scope, subresources, printer columns, and sane schemas.
 */
class CrdStructureTest {

  private final JsonNode policy = GeneratedCrds.generated(GeneratedCrds.POLICY_FILE);
  private final JsonNode session = GeneratedCrds.generated(GeneratedCrds.SESSION_FILE);

  @Test
  void policyCrdNamesAndScope() {
    assertNamesAndScope(
        policy, "itmcppolicies.itmcp.io", "ItmcpPolicy", "itmcppolicies", "itmcppolicy", "itp");
  }

  @Test
  void sessionCrdNamesAndScope() {
    assertNamesAndScope(
        session, "itmcpsessions.itmcp.io", "ItmcpSession", "itmcpsessions", "itmcpsession", "its");
  }

  private static void assertNamesAndScope(
      JsonNode crd, String name, String kind, String plural, String singular, String shortName) {
    assertThat(crd.at("/apiVersion").asText()).isEqualTo("apiextensions.k8s.io/v1");
    assertThat(crd.at("/kind").asText()).isEqualTo("CustomResourceDefinition");
    assertThat(crd.at("/metadata/name").asText()).isEqualTo(name);
    assertThat(crd.at("/spec/group").asText()).isEqualTo("itmcp.io");
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
    assertThat(crd.at("/spec/names/kind").asText()).isEqualTo(kind);
    assertThat(crd.at("/spec/names/plural").asText()).isEqualTo(plural);
    assertThat(crd.at("/spec/names/singular").asText()).isEqualTo(singular);
    assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo(shortName);
    assertThat(crd.at("/spec/versions")).hasSize(1);
    JsonNode version = crd.at("/spec/versions/0");
    assertThat(version.at("/name").asText()).isEqualTo("v1alpha1");
    assertThat(version.at("/served").asBoolean()).isTrue();
    assertThat(version.at("/storage").asBoolean()).isTrue();
    assertThat(version.at("/subresources/status").isObject()).as("status subresource").isTrue();
  }

  @Test
  void sessionPrinterColumnsShowPhaseUserPolicyPodAndAge() {
    assertThat(columns(session))
        .containsAllEntriesOf(
            Map.of(
                "Phase", ".status.phase",
                "User", ".spec.user.name",
                "Policy", ".spec.policyRef.name",
                "Pod", ".status.podName",
                "Age", ".metadata.creationTimestamp"));
    assertThat(column(session, "Age").path("type").asText()).isEqualTo("date");
  }

  @Test
  void policyPrinterColumnsShowActiveSessionsReadyAndAge() {
    assertThat(columns(policy))
        .containsAllEntriesOf(
            Map.of(
                "Active", ".status.activeSessions",
                "Ready", ".status.conditions[?(@.type==\"Ready\")].status",
                "Age", ".metadata.creationTimestamp"));
    assertThat(column(policy, "Active").path("type").asText()).isEqualTo("integer");
  }

  @Test
  void toolEnumListsTheWireNamesInLowerCase() {
    JsonNode tools =
        policy.at(
            "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/tools/items/enum");
    List<String> names = new ArrayList<>();
    tools.forEach(t -> names.add(t.asText()));

    assertThat(names)
        .containsExactlyInAnyOrder(
            "ssh",
            "ping",
            "nslookup",
            "telnet",
            "dig",
            "tcpdump",
            "ps",
            "top",
            "cat",
            "grep",
            "head",
            "tail",
            "traceroute",
            "http_check",
            "tls_check");
  }

  @Test
  void phaseEnumListsTheFiveLifecyclePhases() {
    JsonNode phases =
        session.at(
            "/spec/versions/0/schema/openAPIV3Schema/properties/status/properties/phase/enum");

    assertThat(phases)
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("Pending", "Ready", "Expired", "Failed", "Terminating");
  }

  static Stream<String> crdFiles() {
    return GeneratedCrds.FILES.stream();
  }

  /**
   * Every number has both bounds, every list a maxItems, every map a maxProperties and every string
   * (enums too) a maxLength, in our own types: nobody stores a 10 MB policy, and the API server can
   * estimate the cost of the CEL rules that iterate over them.
   */
  @ParameterizedTest(name = "{0}: every number, list and string of ours is bounded")
  @MethodSource("crdFiles")
  void everyOwnFieldIsBounded(String file) {
    List<String> unbounded = new ArrayList<>();
    JsonNode root = GeneratedCrds.schema(file);
    collectUnbounded(root, "", unbounded);

    assertThat(unbounded).isEmpty();
  }

  /**
   * Fields of Kubernetes' own types (resources, tolerations, conditions) keep the API's own schema.
   */
  private static final List<String> KUBERNETES_TYPES =
      List.of("/spec/sandbox/resources", "/status/conditions/items");

  private static void collectUnbounded(JsonNode schema, String path, List<String> unbounded) {
    if (KUBERNETES_TYPES.stream().anyMatch(path::startsWith)) {
      return;
    }
    String type = schema.path("type").asText();
    switch (type) {
      case "integer", "number" -> {
        if (!schema.has("minimum")
            || !schema.has("maximum") && !path.endsWith("/observedGeneration")) {
          unbounded.add(path + " (number without minimum/maximum)");
        }
      }
      case "array" -> {
        if (!schema.has("maxItems")) {
          unbounded.add(path + " (array without maxItems)");
        }
        collectUnbounded(schema.path("items"), path + "/items", unbounded);
      }
      case "string" -> {
        if (!schema.has("maxLength")) {
          unbounded.add(path + " (string without maxLength)");
        }
      }
      case "object" -> {
        schema
            .path("properties")
            .fields()
            .forEachRemaining(
                f -> collectUnbounded(f.getValue(), path + "/" + f.getKey(), unbounded));
        if (schema.has("additionalProperties")) {
          if (!schema.has("maxProperties")) {
            unbounded.add(path + " (map without maxProperties)");
          }
          collectUnbounded(schema.get("additionalProperties"), path + "/*", unbounded);
        }
      }
      default -> {}
    }
  }

  @ParameterizedTest(name = "{0}: every CEL rule compiles")
  @MethodSource("crdFiles")
  void everyCelRuleCompiles(String file) {
    List<String> rules = new ArrayList<>();
    GeneratedCrds.generated(file)
        .findValues("x-kubernetes-validations")
        .forEach(list -> list.forEach(rule -> rules.add(rule.path("rule").asText())));

    assertThat(rules).isNotEmpty();
    rules.forEach(
        rule ->
            assertThatCode(() -> CelRuleEvaluator.program(rule))
                .as(rule)
                .doesNotThrowAnyException());
  }

  private static Map<String, String> columns(JsonNode crd) {
    Map<String, String> columns = new LinkedHashMap<>();
    crd.at("/spec/versions/0/additionalPrinterColumns")
        .forEach(c -> columns.put(c.path("name").asText(), c.path("jsonPath").asText()));
    return columns;
  }

  private static JsonNode column(JsonNode crd, String name) {
    for (JsonNode c : crd.at("/spec/versions/0/additionalPrinterColumns")) {
      if (c.path("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no printer column " + name);
  }
}
