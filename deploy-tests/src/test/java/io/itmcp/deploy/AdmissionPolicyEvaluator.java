package io.itmcp.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.itmcp.api.schema.CelRuleEvaluator;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Decides an admission request the way the API server applies one ValidatingAdmissionPolicy and its
 * binding: resource rules and the binding's namespace selector pick the requests, every match
 * condition must hold, then every validation must hold or the request is denied with its message.
 * CEL is evaluated by cel-java ({@link CelRuleEvaluator#evaluate}). Anything of the API it does not
 * implement (messageExpression, paramKind, variables, match expressions, excluded rules) throws, so
 * a policy that grows beyond it fails its test instead of passing unevaluated.
 */
final class AdmissionPolicyEvaluator {

  /** A request as the API server sees it, and the labels of the request's namespace. */
  record Request(JsonNode request, Map<String, String> namespaceLabels) {}

  private final JsonNode policy;
  private final JsonNode binding;

  AdmissionPolicyEvaluator(JsonNode policy, JsonNode binding) {
    this.policy = policy.path("spec");
    this.binding = binding.path("spec");
    for (String unsupported : new String[] {"paramKind", "variables", "auditAnnotations"}) {
      if (this.policy.has(unsupported)) {
        throw new IllegalArgumentException("the evaluator does not implement spec." + unsupported);
      }
    }
    if (this.policy.path("matchConstraints").has("excludeResourceRules")
        || this.policy.path("matchConstraints").has("namespaceSelector")
        || this.binding.has("paramRef")) {
      throw new IllegalArgumentException(
          "the evaluator does not implement exclusions, policy namespace selectors or params");
    }
    if (!policy.path("spec").path("failurePolicy").asText("Fail").equals("Fail")) {
      throw new IllegalArgumentException("the policy should fail closed");
    }
    if (!binding
        .path("spec")
        .path("policyName")
        .asText()
        .equals(policy.path("metadata").path("name").asText())) {
      throw new IllegalArgumentException("the binding names another policy");
    }
  }

  /** The denial message, or empty when this policy lets the request through. */
  Optional<String> decide(Request request) {
    if (!matchesResource(request.request()) || !bindingSelects(request.namespaceLabels())) {
      return Optional.empty();
    }
    Map<String, JsonNode> variables =
        Map.of(
            "request",
            request.request(),
            "object",
            request.request().path("object"),
            "oldObject",
            request.request().path("oldObject"));
    for (JsonNode condition : policy.path("matchConditions")) {
      if (!Boolean.TRUE.equals(
          CelRuleEvaluator.evaluate(condition.path("expression").asText(), variables))) {
        return Optional.empty();
      }
    }
    boolean denies = false;
    for (JsonNode action : binding.path("validationActions")) {
      denies |= "Deny".equals(action.asText());
    }
    for (JsonNode validation : policy.path("validations")) {
      if (validation.has("messageExpression")) {
        throw new IllegalArgumentException("the evaluator does not implement messageExpression");
      }
      String expression = validation.path("expression").asText();
      if (!Boolean.TRUE.equals(CelRuleEvaluator.evaluate(expression, variables)) && denies) {
        return Optional.of(validation.path("message").asText(expression));
      }
    }
    return Optional.empty();
  }

  private boolean matchesResource(JsonNode request) {
    String resource = request.path("resource").path("resource").asText();
    String sub = request.path("subResource").asText("");
    String full = sub.isEmpty() ? resource : resource + "/" + sub;
    for (JsonNode rule : policy.path("matchConstraints").path("resourceRules")) {
      if (contains(rule.path("operations"), request.path("operation").asText())
          && contains(rule.path("apiGroups"), request.path("resource").path("group").asText())
          && contains(rule.path("apiVersions"), request.path("resource").path("version").asText())
          && (contains(rule.path("resources"), full)
              || contains(rule.path("resources"), resource + "/*")
              || (sub.isEmpty() && contains(rule.path("resources"), "*")))) {
        return true;
      }
    }
    return false;
  }

  private boolean bindingSelects(Map<String, String> namespaceLabels) {
    JsonNode selector = binding.path("matchResources").path("namespaceSelector");
    if (selector.has("matchExpressions")) {
      throw new IllegalArgumentException("the evaluator does not implement matchExpressions");
    }
    Iterator<Map.Entry<String, JsonNode>> labels = selector.path("matchLabels").fields();
    while (labels.hasNext()) {
      Map.Entry<String, JsonNode> label = labels.next();
      if (!label.getValue().asText().equals(namespaceLabels.get(label.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean contains(JsonNode list, String value) {
    for (JsonNode item : list) {
      if (item.asText().equals(value) || item.asText().equals("*")) {
        return true;
      }
    }
    return false;
  }
}
