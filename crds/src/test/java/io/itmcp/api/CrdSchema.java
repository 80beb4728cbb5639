package io.itmcp.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Admission as the API server would do it for one generated CRD: structural schema, then CEL rules.
 * As in apiextensions-apiserver, a type error or a missing required field blocks the CEL rules
 * (they could not be evaluated on such an object) and is reported as such.
 */
final class CrdSchema {

  static final CrdSchema POLICY = new CrdSchema(GeneratedCrds.POLICY_FILE);
  static final CrdSchema SESSION = new CrdSchema(GeneratedCrds.SESSION_FILE);

  private static final Set<String> BLOCKING = Set.of("type", "required");

  private final String file;
  private JsonNode schema;

  private CrdSchema(String file) {
    this.file = file;
  }

  private synchronized JsonNode schema() {
    if (schema == null) {
      schema = GeneratedCrds.schema(file);
    }
    return schema;
  }

  List<Violation> create(JsonNode object) {
    return update(null, object);
  }

  List<Violation> update(JsonNode oldObject, JsonNode object) {
    List<Violation> violations = new ArrayList<>(StructuralSchemaValidator.validate(schema(), object));
    if (violations.stream().anyMatch(v -> BLOCKING.contains(v.rule()))) {
      violations.add(new Violation("", "cel-skipped", "some validation rules were not checked because the object "
          + "was invalid; correct the existing errors to complete validation"));
    } else {
      violations.addAll(CelRuleEvaluator.validate(schema(), object, oldObject));
    }
    return violations;
  }
}
