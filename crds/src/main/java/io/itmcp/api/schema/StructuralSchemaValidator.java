package io.itmcp.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates a manifest against a CRD's structural openAPIV3Schema the way the API server does for
 * the keywords our CRDs use: type (and x-kubernetes-int-or-string), required, enum, pattern (RE2
 * semantics through re2j: an unanchored search, {@code $} only at the end), minimum/maximum,
 * minLength/maxLength (in characters), minItems/maxItems, minProperties/maxProperties, properties,
 * additionalProperties, and unknown fields refused as with strict field validation (kubectl's
 * default). A null is treated as an absent field, as the API server prunes it.
 */
public final class StructuralSchemaValidator {

  private static final Set<String> ROOT_IMPLICIT = Set.of("apiVersion", "kind", "metadata");
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private StructuralSchemaValidator() {}

  public static List<Violation> validate(JsonNode schema, JsonNode object) {
    List<Violation> out = new ArrayList<>();
    check(schema, object, "", out, true);
    return out;
  }

  private static void check(
      JsonNode schema, JsonNode node, String path, List<Violation> out, boolean root) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!node.isIntegralNumber() && !node.isTextual()) {
        out.add(new Violation(path, "type", "must be an integer or a string"));
      }
      return;
    }
    String type = schema.path("type").asText("");
    if (!hasType(node, type)) {
      out.add(
          new Violation(path, "type", "must be of type " + type + ", got " + node.getNodeType()));
      return;
    }
    checkEnum(schema, node, path, out);
    switch (type) {
      case "object" -> checkObject(schema, node, path, out, root);
      case "array" -> checkArray(schema, node, path, out);
      case "string" -> checkString(schema, node, path, out);
      case "integer", "number" -> checkNumber(schema, node, path, out);
      default -> {}
    }
  }

  private static boolean hasType(JsonNode node, String type) {
    return switch (type) {
      case "object" -> node.isObject();
      case "array" -> node.isArray();
      case "string" -> node.isTextual();
      case "integer" -> node.isIntegralNumber();
      case "number" -> node.isNumber();
      case "boolean" -> node.isBoolean();
      case "" -> true;
      default -> throw new IllegalArgumentException("schema type not understood: " + type);
    };
  }

  private static void checkEnum(JsonNode schema, JsonNode node, String path, List<Violation> out) {
    JsonNode values = schema.get("enum");
    if (values == null) {
      return;
    }
    for (JsonNode value : values) {
      if (value.equals(node)) {
        return;
      }
    }
    out.add(new Violation(path, "enum", node + " is not one of " + values));
  }

  private static void checkObject(
      JsonNode schema, JsonNode node, String path, List<Violation> out, boolean root) {
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    for (JsonNode required : schema.path("required")) {
      JsonNode value = node.get(required.asText());
      if (value == null || value.isNull()) {
        out.add(new Violation(path + "/" + required.asText(), "required", "is required"));
      }
    }
    bound(schema, "minProperties", "maxProperties", node.size(), path, out, "properties");
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String childPath = path + "/" + escape(field.getKey());
      if (properties.has(field.getKey())) {
        check(properties.get(field.getKey()), field.getValue(), childPath, out, false);
      } else if (additional != null && additional.isObject()) {
        check(additional, field.getValue(), childPath, out, false);
      } else if (!(root && ROOT_IMPLICIT.contains(field.getKey())) && !preserveUnknown) {
        out.add(new Violation(childPath, "unknown-field", "field not declared in schema"));
      }
    }
  }

  private static void checkArray(JsonNode schema, JsonNode node, String path, List<Violation> out) {
    bound(schema, "minItems", "maxItems", node.size(), path, out, "items");
    JsonNode items = schema.get("items");
    for (int i = 0; items != null && i < node.size(); i++) {
      check(items, node.get(i), path + "/" + i, out, false);
    }
  }

  private static void checkString(
      JsonNode schema, JsonNode node, String path, List<Violation> out) {
    String text = node.asText();
    bound(
        schema,
        "minLength",
        "maxLength",
        text.codePointCount(0, text.length()),
        path,
        out,
        "characters");
    JsonNode pattern = schema.get("pattern");
    if (pattern != null
        && !PATTERNS.computeIfAbsent(pattern.asText(), Pattern::compile).matcher(text).find()) {
      out.add(new Violation(path, "pattern", "'" + text + "' does not match " + pattern.asText()));
    }
  }

  private static void checkNumber(
      JsonNode schema, JsonNode node, String path, List<Violation> out) {
    double value = node.asDouble();
    JsonNode min = schema.get("minimum");
    JsonNode max = schema.get("maximum");
    if (min != null
        && (value < min.asDouble()
            || schema.path("exclusiveMinimum").asBoolean(false) && value == min.asDouble())) {
      out.add(new Violation(path, "minimum", node + " is below the minimum " + number(min)));
    }
    if (max != null
        && (value > max.asDouble()
            || schema.path("exclusiveMaximum").asBoolean(false) && value == max.asDouble())) {
      out.add(new Violation(path, "maximum", node + " is above the maximum " + number(max)));
    }
  }

  private static void bound(
      JsonNode schema,
      String minKey,
      String maxKey,
      int size,
      String path,
      List<Violation> out,
      String unit) {
    JsonNode min = schema.get(minKey);
    JsonNode max = schema.get(maxKey);
    if (min != null && size < min.asLong()) {
      out.add(new Violation(path, minKey, "has " + size + " " + unit + ", fewer than " + min));
    }
    if (max != null && size > max.asLong()) {
      out.add(new Violation(path, maxKey, "has " + size + " " + unit + ", more than " + max));
    }
  }

  /** A bound as written in the schema: the generator writes 10000 as 10000.0. */
  private static String number(JsonNode bound) {
    double value = bound.asDouble();
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : bound.asText();
  }

  public static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
