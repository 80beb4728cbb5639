package io.itmcp.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.itmcp.api.schema.CrdSchema;
import io.itmcp.api.schema.Violation;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one set of rules every reader of an ItmcpPolicy applies — the local loader, {@code render},
 * the operator, the cluster gateway and {@code validate}: the generated CRD's structural schema and
 * its CEL rules (x-kubernetes-validations, evaluated as the API server does: the CRD is the single
 * source of the cross-field rules), then the policy engine's own checks ({@link
 * EffectivePolicy#compile}). A policy the API server would refuse is refused everywhere, and so is
 * one it would take but the engine cannot use.
 *
 * <p>{@code status} is not checked: the API server ignores it on create and it is the operator's
 * output, not the policy.
 */
public final class PolicyRules {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A field path at the start of an engine message: {@code sandbox.mounts[0].mountPath}. */
  private static final Pattern ENGINE_FIELD =
      Pattern.compile("[a-zA-Z]+(\\.[a-zA-Z]+|\\[[0-9]+\\])*");

  private PolicyRules() {}

  /**
   * Every problem of one ItmcpPolicy object, one line each naming the field: the engine's first
   * (its wording is the more specific), then each schema or CEL violation of another field in the
   * API server's wording ({@code spec.limits.maxSessionsPerUser: Invalid value: "object": ...}).
   * Empty: the policy is accepted everywhere.
   */
  public static List<String> problems(JsonNode policy) {
    JsonNode object = withoutStatus(policy);
    List<Violation> violations = CrdSchema.POLICY.create(object);
    List<String> out = new ArrayList<>();
    if (object.path("metadata").path("name").asText("").isBlank()) {
      out.add("metadata.name: Required value: name is required");
    }
    String engineField = null;
    try {
      Optional<String> engine = engineProblem(JSON.treeToValue(object, ItmcpPolicy.class));
      if (engine.isPresent()) {
        out.add(engine.get());
        engineField = fieldOf(engine.get());
      }
    } catch (JsonProcessingException e) {
      if (violations.isEmpty()) {
        out.add(e.getOriginalMessage());
      }
      // else: the schema's violations say why it does not bind
    }
    for (Violation v : violations) {
      if (!sameField(v.field(), engineField)) {
        out.add(v.describe() + suggestion(v));
      }
    }
    return out;
  }

  /**
   * "; did you mean 'spec.allowedHosts'?" for an unknown field one or two edits from a declared
   * one.
   */
  private static String suggestion(Violation v) {
    if (!v.rule().equals("unknown-field")) {
      return "";
    }
    int slash = v.path().lastIndexOf('/');
    String parent = v.path().substring(0, Math.max(0, slash));
    String given = v.path().substring(slash + 1);
    String prefix = parent.isEmpty() ? "" : new Violation(parent, "", "").field() + ".";
    return PolicyBindingErrors.suggest(given, CrdSchema.POLICY.propertiesAt(parent))
        .map(s -> "; did you mean '" + prefix + s + "'?")
        .orElse("");
  }

  /** {@link #problems} of an ItmcpPolicy as read from the cluster or bound from a file. */
  public static List<String> problems(ItmcpPolicy policy) {
    return problems((JsonNode) JSON.valueToTree(policy));
  }

  /**
   * Compiles a policy every rule accepts; otherwise throws {@link IllegalArgumentException} naming
   * every problem, separated by "; ".
   */
  public static EffectivePolicy compile(ItmcpPolicy policy) {
    List<String> problems = problems(policy);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return EffectivePolicy.compile(policy);
  }

  private static Optional<String> engineProblem(ItmcpPolicy policy) {
    try {
      EffectivePolicy.compile(
          policy.getMetadata() == null || policy.getMetadata().getName() == null
              ? "unnamed"
              : policy.getMetadata().getName(),
          policy.getSpec());
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(apiStyle(e.getMessage()));
    }
  }

  /**
   * The engine's message in the API server's shape, field first: {@code limits.maxSessionsPerUser 3
   * is larger than ...} becomes {@code spec.limits.maxSessionsPerUser: 3 is larger than ...}.
   */
  static String apiStyle(String message) {
    Matcher field = ENGINE_FIELD.matcher(message);
    if (!field.lookingAt()
        || !CrdSchema.POLICY.propertiesAt("/spec").contains(field.group().split("[.\\[]", 2)[0])) {
      return "spec: " + message;
    }
    String rest = message.substring(field.end()).replaceFirst("^:?\\s*", "");
    return "spec." + field.group() + ": " + rest;
  }

  /** Whether a schema violation is about the field the engine already named. */
  private static boolean sameField(String field, String engineField) {
    return field.equals(engineField);
  }

  /** The field an engine message starts with ({@code spec.allowedHosts[0]: ...}). */
  private static String fieldOf(String problem) {
    int colon = problem.indexOf(": ");
    return colon < 0 ? problem : problem.substring(0, colon);
  }

  private static JsonNode withoutStatus(JsonNode policy) {
    if (policy instanceof ObjectNode object && object.has("status")) {
      ObjectNode copy = object.deepCopy();
      copy.remove("status");
      return copy;
    }
    return policy;
  }
}
