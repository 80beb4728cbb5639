package io.itmcp.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates every x-kubernetes-validations rule of a schema against a manifest with Google's
 * cel-java, as the API server does: each rule at every node present in the object, with {@code
 * self} bound to that node; a transition rule (one naming {@code oldSelf}) only on update and only
 * where the old object has a value at the same place (object properties and map values correlate;
 * atomic list items do not). A rule that fails to compile or evaluate is reported too.
 */
public final class CelRuleEvaluator {

  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .build();
  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

  private CelRuleEvaluator() {}

  public static List<Violation> validate(JsonNode schema, JsonNode object, JsonNode oldObject) {
    List<Violation> out = new ArrayList<>();
    walk(schema, object, oldObject, "", out);
    return out;
  }

  private static final Map<String, CelRuntime.Program> EXPRESSIONS = new ConcurrentHashMap<>();

  /**
   * Evaluates one CEL expression with the given variables bound (each declared dynamic, as the API
   * server's admission variables {@code request}, {@code object}, {@code params} are to a rule that
   * does not type-check against their schemas). For ValidatingAdmissionPolicy match conditions and
   * validations; throws when the expression does not compile or evaluate.
   */
  public static Object evaluate(String expression, Map<String, JsonNode> variables) {
    java.util.SortedSet<String> names = new java.util.TreeSet<>(variables.keySet());
    CelRuntime.Program program =
        EXPRESSIONS.computeIfAbsent(
            names + "|" + expression,
            key -> {
              var builder =
                  CelFactory.standardCelBuilder()
                      .setStandardMacros(CelStandardMacro.STANDARD_MACROS);
              names.forEach(name -> builder.addVar(name, SimpleType.DYN));
              Cel cel = builder.build();
              try {
                return cel.createProgram(cel.compile(expression).getAst());
              } catch (CelValidationException | CelEvaluationException e) {
                throw new IllegalArgumentException(
                    "CEL expression does not compile: " + expression + ": " + e.getMessage(), e);
              }
            });
    Map<String, Object> bound = new HashMap<>();
    variables.forEach((name, value) -> bound.put(name, toCel(value)));
    try {
      return program.eval(bound);
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException(
          "CEL expression failed: " + expression + ": " + e.getMessage(), e);
    }
  }

  /**
   * Compiles a rule; throws when it does not compile, which a test of the CRD turns into a failure.
   */
  public static CelRuntime.Program program(String rule) {
    return PROGRAMS.computeIfAbsent(
        rule,
        r -> {
          try {
            CelAbstractSyntaxTree ast = CEL.compile(r).getAst();
            return CEL.createProgram(ast);
          } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalArgumentException(
                "CEL rule does not compile: " + r + ": " + e.getMessage(), e);
          }
        });
  }

  private static void walk(
      JsonNode schema, JsonNode node, JsonNode old, String path, List<Violation> out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      evaluate(rule, node, old, path, out);
    }
    if (node.isObject()) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.get("additionalProperties");
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode child =
            properties.has(field.getKey())
                ? properties.get(field.getKey())
                : additional != null && additional.isObject() ? additional : null;
        if (child != null) {
          JsonNode oldChild = old == null ? null : old.get(field.getKey());
          walk(
              child,
              field.getValue(),
              oldChild,
              path + "/" + StructuralSchemaValidator.escape(field.getKey()),
              out);
        }
      }
    } else if (node.isArray() && schema.has("items")) {
      for (int i = 0; i < node.size(); i++) {
        walk(schema.get("items"), node.get(i), null, path + "/" + i, out);
      }
    }
  }

  private static void evaluate(
      JsonNode rule, JsonNode node, JsonNode old, String path, List<Violation> out) {
    String expression = rule.path("rule").asText();
    boolean transition = expression.contains("oldSelf");
    if (transition && (old == null || old.isNull())) {
      return;
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put("self", toCel(node));
    if (transition) {
      vars.put("oldSelf", toCel(old));
    }
    String where = path + rule.path("fieldPath").asText("").replace('.', '/');
    try {
      Object result = program(expression).eval(vars);
      if (!Boolean.TRUE.equals(result)) {
        out.add(new Violation(where, "cel", rule.path("message").asText(expression)));
      }
    } catch (CelEvaluationException e) {
      out.add(new Violation(where, "cel-error", expression + ": " + e.getMessage()));
    }
  }

  /** The object as CEL sees it: maps, lists, int (long), double, string, bool. */
  static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields()
          .forEachRemaining(
              f -> {
                if (!f.getValue().isNull()) {
                  map.put(f.getKey(), toCel(f.getValue()));
                }
              });
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toCel(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }
}
