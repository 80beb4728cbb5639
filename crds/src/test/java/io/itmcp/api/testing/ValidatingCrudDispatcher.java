package io.itmcp.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import io.itmcp.api.schema.CrdSchema;
import io.itmcp.api.schema.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD mock API server, made to refuse what a real kube-apiserver refuses: every create,
 * update and patch of an ItmcpPolicy or ItmcpSession is checked against the generated CRD schema
 * and its CEL rules (transition rules against the stored object; a write to {@code /status} is
 * checked as the stored object with the new status), every object's name and labels as
 * ValidateObjectMeta does, and pods as ValidatePodCreate does for the fields the operator sets. A
 * refusal is a {@code 422 Invalid} Status naming each field, as the API server answers.
 *
 * <p>A test can also install an admission refusal ({@link #refuse}) to stand for what an admission
 * plugin, Pod Security or a quota would answer (403), which the mock never does on its own.
 */
public class ValidatingCrudDispatcher extends KubernetesCrudDispatcher {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * /api/v1/namespaces/ns/pods[/name[/sub]] and
   * /apis/group/version/namespaces/ns/plural[/name[/sub]].
   */
  private static final Pattern PATH =
      Pattern.compile(
          "^/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/([^/]+)/([^/]+)(?:/([^/]+))?(?:/([^/]+))?$");

  private final List<Admission> admissions = new CopyOnWriteArrayList<>();
  private final List<Refused> refused = new CopyOnWriteArrayList<>();
  private final Set<String> unchecked = ConcurrentHashMap.newKeySet();

  public ValidatingCrudDispatcher(List<CustomResourceDefinitionContext> crds) {
    super(crds);
    CrdSchema.compileRules();
  }

  /** One refusal as a test stands it up: which resource, which objects, which answer. */
  private record Admission(
      String plural, Predicate<JsonNode> matches, int code, String reason, String message) {}

  /** What was refused, for assertions: resource, object name, code, and the message sent back. */
  public record Refused(String plural, String name, int code, String message) {}

  /**
   * From now on, a create of a {@code plural} object (e.g. {@code pods}) that matches is answered
   * with {@code code} (e.g. 403 Forbidden) and the message, as an admission plugin would.
   */
  public void refuse(
      String plural, Predicate<JsonNode> matches, int code, String reason, String message) {
    admissions.add(new Admission(plural, matches, code, reason, message));
  }

  /**
   * Stands for a cluster whose CRD of {@code plural} is older than the generated one: its objects
   * are stored without the schema and CEL checks, as such a cluster would (names and labels are
   * still checked).
   */
  public void withoutSchema(String plural) {
    unchecked.add(plural);
  }

  public List<Refused> refused() {
    return List.copyOf(refused);
  }

  /** Fields a real API server selects Events by (pkg/registry/core/event: ToSelectableFields). */
  private static final Set<String> EVENT_FIELDS =
      Set.of(
          "involvedObject.kind",
          "involvedObject.namespace",
          "involvedObject.name",
          "involvedObject.uid",
          "involvedObject.apiVersion",
          "involvedObject.resourceVersion",
          "involvedObject.fieldPath",
          "reason",
          "reportingComponent",
          "source",
          "type");

  private static final Pattern EVENTS_PATH =
      Pattern.compile("^/api/v1/(namespaces/[^/]+/)?events(\\?.*)?$");

  /**
   * fabric8's mock matches a field selector only on metadata.name/namespace and answers nothing for
   * any other field. A real API server selects Events by their own fields too; here such a
   * requirement is dropped, so the answer is a superset (every Event), and code that selects must
   * also filter what it receives (the operator does). Other resources are left as they are.
   */
  @Override
  public MockResponse handleGet(String path) {
    return super.handleGet(withoutEventFieldRequirements(path));
  }

  @Override
  public MockResponse handleWatch(String path) {
    return super.handleWatch(withoutEventFieldRequirements(path));
  }

  static String withoutEventFieldRequirements(String path) {
    if (!EVENTS_PATH.matcher(path).matches() || !path.contains("fieldSelector=")) {
      return path;
    }
    int query = path.indexOf('?');
    List<String> params = new ArrayList<>();
    for (String param : path.substring(query + 1).split("&")) {
      if (!param.startsWith("fieldSelector=")) {
        params.add(param);
        continue;
      }
      String selector =
          java.net.URLDecoder.decode(
              param.substring("fieldSelector=".length()), StandardCharsets.UTF_8);
      List<String> kept = new ArrayList<>();
      for (String requirement : selector.split(",")) {
        String key = requirement.split("!?=", 2)[0].trim();
        if (!EVENT_FIELDS.contains(key)) {
          kept.add(requirement);
        }
      }
      if (!kept.isEmpty()) {
        params.add(
            "fieldSelector="
                + java.net.URLEncoder.encode(String.join(",", kept), StandardCharsets.UTF_8));
      }
    }
    return path.substring(0, query) + (params.isEmpty() ? "" : "?" + String.join("&", params));
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String method = request.getMethod();
    if (!"POST".equals(method) && !"PUT".equals(method) && !"PATCH".equals(method)) {
      return super.dispatch(request);
    }
    String path = request.getPath();
    int query = path.indexOf('?');
    Matcher target = PATH.matcher(query < 0 ? path : path.substring(0, query));
    if (!target.matches()) {
      return super.dispatch(request);
    }
    String plural = target.group(3);
    String name = target.group(4);
    String subresource = target.group(5);
    if ("POST".equals(method) && name != null) {
      return super.dispatch(request);
    }
    JsonNode body = parse(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
    String basePath = path.substring(0, query < 0 ? path.length() : query);
    JsonNode stored =
        name == null
            ? null
            : stored(
                subresource == null ? basePath : basePath.substring(0, basePath.lastIndexOf('/')));
    JsonNode candidate;
    if ("PATCH".equals(method)) {
      if (stored == null) {
        return super.dispatch(request);
      }
      candidate = patched(stored, body, request.getHeader("Content-Type"));
    } else {
      candidate = body;
    }
    candidate = asStoredBy(plural, subresource, stored, candidate);

    List<Violation> violations = new ArrayList<>();
    if (subresource == null) {
      violations.addAll(KubernetesObjectRules.metadata(candidate));
      if ("pods".equals(plural) && !"PUT".equals(method)) {
        violations.addAll(KubernetesObjectRules.pod(candidate));
      }
    }
    Optional<CrdSchema> schema = CrdSchema.forPlural(plural);
    if (schema.isPresent() && target.group(1) != null && !unchecked.contains(plural)) {
      violations.addAll(
          stored == null ? schema.get().create(candidate) : schema.get().update(stored, candidate));
    }
    String objectName = candidate.path("metadata").path("name").asText(name == null ? "" : name);
    if (!violations.isEmpty()) {
      return refusal(
          plural,
          objectName,
          422,
          "Invalid",
          kind(candidate)
              + " \""
              + objectName
              + "\" is invalid: "
              + String.join(", ", violations.stream().map(Violation::toString).toList()),
          violations);
    }
    if ("POST".equals(method)) {
      for (Admission admission : admissions) {
        if (admission.plural().equals(plural) && admission.matches().test(candidate)) {
          return refusal(
              plural,
              objectName,
              admission.code(),
              admission.reason(),
              admission.message(),
              List.of());
        }
      }
    }
    return super.dispatch(request);
  }

  /**
   * What the API server would store: status is kept apart from the main resource and vice versa.
   */
  private static JsonNode asStoredBy(
      String plural, String subresource, JsonNode stored, JsonNode candidate) {
    if (CrdSchema.forPlural(plural).isEmpty() || !(candidate instanceof ObjectNode object)) {
      return candidate;
    }
    ObjectNode result = object.deepCopy();
    if ("status".equals(subresource) && stored != null) {
      ObjectNode merged = stored.deepCopy();
      if (result.has("status")) {
        merged.set("status", result.get("status"));
      } else {
        merged.remove("status");
      }
      return merged;
    }
    if (subresource == null) {
      result.remove("status");
      if (stored != null && stored.has("status")) {
        result.set("status", stored.get("status"));
      }
    }
    return result;
  }

  private JsonNode stored(String objectPath) {
    MockResponse current = handleGet(objectPath);
    if (current.code() != 200 || current.getBody() == null) {
      return null;
    }
    return parse(new String(current.getBody().getBytes(), StandardCharsets.UTF_8));
  }

  private static JsonNode patched(JsonNode stored, JsonNode patch, String contentType) {
    if (contentType != null && contentType.startsWith("application/json-patch+json")) {
      return JsonPatch.apply(patch, stored);
    }
    return mergePatch(stored.deepCopy(), patch);
  }

  /**
   * RFC 7386 JSON merge patch (the API server treats a strategic merge patch of a custom resource
   * alike).
   */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result =
        target != null && target.isObject()
            ? (ObjectNode) target
            : JsonNodeFactory.instance.objectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }

  private MockResponse refusal(
      String plural,
      String name,
      int code,
      String reason,
      String message,
      List<Violation> violations) {
    refused.add(new Refused(plural, name, code, message));
    ObjectNode status = JSON.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    ObjectNode details = status.putObject("details");
    details.put("name", name);
    details.put("kind", plural);
    ArrayNode causes = details.putArray("causes");
    for (Violation v : violations) {
      causes.addObject().put("reason", v.rule()).put("message", v.message()).put("field", v.path());
    }
    status.put("code", code);
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(status.toString());
  }

  private static String kind(JsonNode object) {
    String kind = object.path("kind").asText("");
    return kind.isEmpty() ? "object" : kind;
  }

  private static JsonNode parse(String json) {
    try {
      return json.isBlank() ? JSON.createObjectNode() : JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
