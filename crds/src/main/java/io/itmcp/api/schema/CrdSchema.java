package io.itmcp.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Admission as the API server would do it for one generated CRD: structural schema, then CEL rules.
 * As in apiextensions-apiserver, a type error or a missing required field blocks the CEL rules
 * (they could not be evaluated on such an object) and is reported as such.
 *
 * <p>The CRDs are read from the classpath ({@code /crds/}), where the crds module's build puts what
 * crd-generator produced from the API types in this very build: the jar that reads a policy carries
 * the schema and the CEL rules the API server enforces, so the two cannot disagree.
 */
public final class CrdSchema {

  public static final String POLICY_FILE = "itmcppolicies.itmcp.io-v1.yml";
  public static final String SESSION_FILE = "itmcpsessions.itmcp.io-v1.yml";
  public static final CrdSchema POLICY = new CrdSchema(POLICY_FILE, "itmcppolicies");
  public static final CrdSchema SESSION = new CrdSchema(SESSION_FILE, "itmcpsessions");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> BLOCKING = Set.of("type", "required");

  private final String file;
  private final String plural;
  private JsonNode schema;

  private CrdSchema(String file, String plural) {
    this.file = file;
    this.plural = plural;
  }

  /** The schema of a resource given by its plural name, if it is one of ours. */
  public static Optional<CrdSchema> forPlural(String plural) {
    return POLICY.plural.equals(plural)
        ? Optional.of(POLICY)
        : SESSION.plural.equals(plural) ? Optional.of(SESSION) : Optional.empty();
  }

  /**
   * Compiles every CEL rule of both CRDs ahead of time. The first compilation loads cel-java and
   * warms its parser, which takes seconds on a busy machine: done on a mock server's event loop it
   * stalls the request until the client times out and retries.
   */
  public static void compileRules() {
    for (String file : new String[] {POLICY_FILE, SESSION_FILE}) {
      crd(file)
          .findValues("x-kubernetes-validations")
          .forEach(
              rules -> rules.forEach(rule -> CelRuleEvaluator.program(rule.path("rule").asText())));
    }
  }

  public String plural() {
    return plural;
  }

  private synchronized JsonNode schema() {
    if (schema == null) {
      schema = crd(file).at("/spec/versions/0/schema/openAPIV3Schema");
    }
    return schema;
  }

  /** The whole generated CustomResourceDefinition, from the classpath. */
  public static JsonNode crd(String file) {
    try (InputStream in = CrdSchema.class.getResourceAsStream("/crds/" + file)) {
      if (in == null) {
        throw new IllegalStateException(
            "/crds/"
                + file
                + " is not on the classpath: the crds module "
                + "copies target/generated-crds into its classes during process-classes (build it with -am)");
      }
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The property names the schema declares for the object at a JSON pointer into a manifest ({@code
   * /spec/limits}; list indexes and map keys step into items and additionalProperties).
   */
  public List<String> propertiesAt(String pointer) {
    JsonNode node = schema();
    for (String segment : pointer.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (node.has("items")) {
        node = node.get("items");
      } else if (node.path("properties").has(segment)) {
        node = node.path("properties").get(segment);
      } else if (node.path("additionalProperties").isObject()) {
        node = node.get("additionalProperties");
      } else {
        return List.of();
      }
    }
    List<String> names = new ArrayList<>();
    node.path("properties").fieldNames().forEachRemaining(names::add);
    return names;
  }

  public List<Violation> create(JsonNode object) {
    return update(null, object);
  }

  public List<Violation> update(JsonNode oldObject, JsonNode object) {
    List<Violation> violations =
        new ArrayList<>(StructuralSchemaValidator.validate(schema(), object));
    if (violations.stream().anyMatch(v -> BLOCKING.contains(v.rule()))) {
      violations.add(
          new Violation(
              "",
              "cel-skipped",
              "some validation rules were not checked because the object "
                  + "was invalid; correct the existing errors to complete validation"));
    } else {
      violations.addAll(CelRuleEvaluator.validate(schema(), object, oldObject));
    }
    return violations;
  }
}
