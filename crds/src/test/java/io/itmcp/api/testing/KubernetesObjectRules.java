package io.itmcp.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.itmcp.api.schema.StructuralSchemaValidator;
import io.itmcp.api.schema.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The subset of kube-apiserver's own validation (pkg/apis/core/validation and apimachinery's
 * ValidateObjectMeta) that objects the operator and the gateway write can run into: object names,
 * label keys and values, and for pods container and volume names, volume mounts, request ≤ limit,
 * resource claims, tolerations and the node selector. Pure; paths are JSON Pointers.
 */
public final class KubernetesObjectRules {

  public static final int MAX_LABEL_VALUE = 63;
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern QUALIFIED_NAME_PART =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final Set<String> TOLERATION_OPERATORS = Set.of("", "Exists", "Equal");
  private static final Set<String> TOLERATION_EFFECTS =
      Set.of("", "NoSchedule", "PreferNoSchedule", "NoExecute");

  private KubernetesObjectRules() {}

  /** Name (a DNS-1123 subdomain of at most 253 characters), label keys and label values. */
  public static List<Violation> metadata(JsonNode object) {
    List<Violation> out = new ArrayList<>();
    JsonNode metadata = object.path("metadata");
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      if (metadata.path("generateName").asText("").isEmpty()) {
        out.add(new Violation("/metadata/name", "required", "name or generateName is required"));
      }
    } else if (name.length() > 253 || !DNS1123_SUBDOMAIN.matcher(name).matches()) {
      out.add(
          new Violation(
              "/metadata/name",
              "pattern",
              "'" + name + "' is not a DNS-1123 subdomain of at most 253 characters"));
    }
    labels(metadata.path("labels"), "/metadata/labels", out);
    return out;
  }

  /** Labels or a node selector: qualified-name keys, label values. */
  static void labels(JsonNode labels, String path, List<Violation> out) {
    Iterator<Map.Entry<String, JsonNode>> fields = labels.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> label = fields.next();
      String where = path + "/" + StructuralSchemaValidator.escape(label.getKey());
      if (!isQualifiedName(label.getKey())) {
        out.add(
            new Violation(
                where,
                "label-key",
                "'"
                    + label.getKey()
                    + "' is not a qualified name ([prefix/]name, name at most 63 characters)"));
      }
      String value = label.getValue().asText("");
      if (value.length() > MAX_LABEL_VALUE) {
        out.add(
            new Violation(
                where, "label-value", "must be no more than 63 characters, got " + value.length()));
      } else if (!LABEL_VALUE.matcher(value).matches()) {
        out.add(new Violation(where, "label-value", "'" + value + "' is not a valid label value"));
      }
    }
  }

  static boolean isQualifiedName(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty()
          || prefix.length() > 253
          || !DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
        return false;
      }
    }
    return !name.isEmpty()
        && name.length() <= MAX_LABEL_VALUE
        && QUALIFIED_NAME_PART.matcher(name).matches();
  }

  public static boolean isDns1123Label(String value) {
    return value != null
        && value.length() <= MAX_LABEL_VALUE
        && DNS1123_LABEL.matcher(value).matches();
  }

  /** A pod as kube-apiserver's ValidatePodCreate sees the fields our renderer sets. */
  public static List<Violation> pod(JsonNode pod) {
    List<Violation> out = new ArrayList<>(metadata(pod));
    JsonNode spec = pod.path("spec");
    Set<String> volumes = new HashSet<>();
    JsonNode volumeList = spec.path("volumes");
    for (int i = 0; i < volumeList.size(); i++) {
      String name = volumeList.get(i).path("name").asText("");
      if (!isDns1123Label(name)) {
        out.add(
            new Violation(
                "/spec/volumes/" + i + "/name",
                "dns1123-label",
                "'" + name + "' is not a DNS-1123 label of at most 63 characters"));
      }
      if (!volumes.add(name)) {
        out.add(
            new Violation(
                "/spec/volumes/" + i + "/name",
                "duplicate",
                "volume '" + name + "' is declared twice"));
      }
    }
    JsonNode containers = spec.path("containers");
    if (containers.isEmpty()) {
      out.add(new Violation("/spec/containers", "required", "a pod needs at least one container"));
    }
    for (int i = 0; i < containers.size(); i++) {
      container(containers.get(i), "/spec/containers/" + i, volumes, out);
    }
    JsonNode tolerations = spec.path("tolerations");
    for (int i = 0; i < tolerations.size(); i++) {
      toleration(tolerations.get(i), "/spec/tolerations/" + i, out);
    }
    labels(spec.path("nodeSelector"), "/spec/nodeSelector", out);
    if (spec.has("activeDeadlineSeconds") && spec.path("activeDeadlineSeconds").asLong() < 1) {
      out.add(new Violation("/spec/activeDeadlineSeconds", "minimum", "must be at least 1"));
    }
    return out;
  }

  private static void container(
      JsonNode container, String path, Set<String> volumes, List<Violation> out) {
    String name = container.path("name").asText("");
    if (!isDns1123Label(name)) {
      out.add(
          new Violation(path + "/name", "dns1123-label", "'" + name + "' is not a DNS-1123 label"));
    }
    JsonNode mounts = container.path("volumeMounts");
    for (int j = 0; j < mounts.size(); j++) {
      String volume = mounts.get(j).path("name").asText("");
      if (!volumes.contains(volume)) {
        out.add(
            new Violation(
                path + "/volumeMounts/" + j + "/name",
                "not-found",
                "no volume named '" + volume + "'"));
      }
    }
    JsonNode resources = container.path("resources");
    JsonNode requests = resources.path("requests");
    JsonNode limits = resources.path("limits");
    Iterator<Map.Entry<String, JsonNode>> wanted = requests.fields();
    while (wanted.hasNext()) {
      Map.Entry<String, JsonNode> request = wanted.next();
      JsonNode limit = limits.get(request.getKey());
      if (limit != null && amount(request.getValue()).compareTo(amount(limit)) > 0) {
        out.add(
            new Violation(
                path + "/resources/requests/" + request.getKey(),
                "request-above-limit",
                "must be less than or equal to "
                    + request.getKey()
                    + " limit of "
                    + limit.asText()));
      }
    }
    if (resources.has("claims") && !resources.path("claims").isEmpty()) {
      out.add(
          new Violation(
              path + "/resources/claims",
              "not-found",
              "must refer to one of the pod's resource claims, and the sandbox pod declares none"));
    }
  }

  private static BigDecimal amount(JsonNode quantity) {
    return Quantity.getAmountInBytes(new Quantity(quantity.asText()));
  }

  private static void toleration(JsonNode toleration, String path, List<Violation> out) {
    String operator = toleration.path("operator").asText("");
    String effect = toleration.path("effect").asText("");
    if (!TOLERATION_OPERATORS.contains(operator)) {
      out.add(
          new Violation(
              path + "/operator", "enum", "'" + operator + "' is not one of Exists, Equal"));
    }
    if (!TOLERATION_EFFECTS.contains(effect)) {
      out.add(
          new Violation(
              path + "/effect",
              "enum",
              "'" + effect + "' is not one of NoSchedule, PreferNoSchedule, NoExecute"));
    }
    if ("Exists".equals(operator) && !toleration.path("value").asText("").isEmpty()) {
      out.add(
          new Violation(
              path + "/value", "forbidden", "value must be empty when operator is Exists"));
    }
    if (toleration.path("key").asText("").isEmpty() && !"Exists".equals(operator)) {
      out.add(
          new Violation(
              path + "/operator", "forbidden", "operator must be Exists when key is empty"));
    }
    if (toleration.has("tolerationSeconds") && !"NoExecute".equals(effect)) {
      out.add(
          new Violation(
              path + "/effect",
              "forbidden",
              "effect must be NoExecute when tolerationSeconds is set"));
    }
  }
}
