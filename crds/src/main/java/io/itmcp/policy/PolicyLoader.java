package io.itmcp.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.itmcp.api.v1alpha1.ApiGroup;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a policy from an ItmcpPolicy manifest.
 *
 * <p>YAML: exactly one document, {@code apiVersion: itmcp.io/v1alpha1}, {@code kind: ItmcpPolicy},
 * a {@code metadata.name}; unknown fields, duplicate keys, anchors/aliases, explicit tags and type
 * coercions (a scalar where a list is expected, a string where a number is) are refused; then
 * {@link PolicyRules} apply (the CRD's schema and CEL rules, then {@link EffectivePolicy#compile}),
 * so a file is refused here exactly when the API server or the engine would refuse it. Files larger
 * than {@value #MAX_BYTES} bytes are refused. Problems throw {@link IllegalArgumentException} with
 * a message naming the file and the field; an unreadable file throws {@link UncheckedIOException}.
 */
public final class PolicyLoader {

  public static final long MAX_BYTES = 1024 * 1024;
  static final String KIND = "ItmcpPolicy";
  private static final String MCP_TOOL_SUFFIX = "_tool";

  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private PolicyLoader() {}

  /** Makes Jackson's reader of an ItmcpPolicy manifest now ({@link PolicyWarmUp}). */
  static void prepareReader() {
    YAML.readerFor(ItmcpPolicy.class);
  }

  /**
   * The same YAML a cluster takes; refuses a file that is not an ItmcpPolicy of itmcp.io/v1alpha1.
   */
  public static ItmcpPolicy fromYaml(Path file) {
    return fromYamlUnchecked(file).check();
  }

  /**
   * As {@link #fromYaml}, all but {@link PolicyRules}: the file is read, a single ItmcpPolicy
   * document of itmcp.io/v1alpha1 with a name, bound without unknown fields or coercions; its
   * schema and CEL rules are left to {@link Unchecked#check()}, for a reader that may do something
   * harmless (answer an MCP {@code initialize}) before they finish, and nothing that depends on the
   * policy being valid.
   */
  public static Unchecked fromYamlUnchecked(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new IllegalArgumentException(file + ": larger than " + MAX_BYTES + " bytes");
      }
      return bind(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read policy file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A policy read and bound from its manifest whose {@link PolicyRules} are not yet applied: not to
   * be used until {@link #check()} returned.
   */
  public static final class Unchecked {
    private final ItmcpPolicy policy;
    private final JsonNode tree;
    private final String source;

    private Unchecked(ItmcpPolicy policy, JsonNode tree, String source) {
      this.policy = policy;
      this.tree = tree;
      this.source = source;
    }

    /** The bound policy, before its rules are checked. */
    public ItmcpPolicy unchecked() {
      return policy;
    }

    /**
     * Applies the CRD's schema and CEL rules and the engine's checks; throws {@link
     * IllegalArgumentException} exactly as {@link #fromYaml} does for a policy they refuse.
     */
    public ItmcpPolicy check() {
      List<String> problems = PolicyRules.problems(tree);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(source + ": " + String.join("; ", problems));
      }
      return policy;
    }
  }

  public static ItmcpPolicy fromYamlString(String yaml) {
    return parse(yaml, "policy");
  }

  private static ItmcpPolicy parse(String yaml, String source) {
    return bind(yaml, source).check();
  }

  private static Unchecked bind(String yaml, String source) {
    if (yaml == null || yaml.isBlank()) {
      throw new IllegalArgumentException(source + ": empty document");
    }
    if (yaml.length() > MAX_BYTES) {
      throw new IllegalArgumentException(source + ": larger than " + MAX_BYTES + " bytes");
    }
    refuseAnchorsAndTags(yaml, source);
    JsonNode tree;
    try {
      // a second document would be ignored silently: refuse it (only here; nested readers break on
      // it)
      tree = readTree(yaml);
    } catch (JsonProcessingException e) {
      String why =
          e.getOriginalMessage().startsWith("Trailing token")
              ? "more than one YAML document (put one ItmcpPolicy per file)"
              : e.getOriginalMessage();
      throw new IllegalArgumentException(source + ": not a single valid YAML document: " + why, e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException(
          source + ": expected a YAML mapping (an ItmcpPolicy manifest)");
    }
    String apiVersion = tree.path("apiVersion").asText(null);
    String kind = tree.path("kind").asText(null);
    if (!ApiGroup.API_VERSION.equals(apiVersion) || !KIND.equals(kind)) {
      throw new IllegalArgumentException(
          source
              + ": expected apiVersion "
              + ApiGroup.API_VERSION
              + " and kind "
              + KIND
              + ", got apiVersion "
              + Refusal.quote(apiVersion)
              + " and kind "
              + Refusal.quote(kind));
    }
    acceptMcpToolNames(tree);
    ItmcpPolicy policy;
    try {
      policy = YAML.treeToValue(tree, ItmcpPolicy.class);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(source + ": " + PolicyBindingErrors.describe(e), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": " + e.getOriginalMessage(), e);
    }
    if (policy.getMetadata() == null
        || policy.getMetadata().getName() == null
        || policy.getMetadata().getName().isBlank()) {
      throw new IllegalArgumentException(source + ": metadata.name is required");
    }
    return new Unchecked(policy, tree, source);
  }

  /**
   * One YAML document as a tree, duplicate keys refused; a second document in the text is an error.
   */
  static JsonNode readTree(String yaml) throws JsonProcessingException {
    return YAML.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(yaml);
  }

  /**
   * {@code spec.tools} takes the MCP tool names too ({@code ping_tool} for {@code ping}), as the
   * original ITMCP's ITMCP_TOOLS variable does: people copy names from their client's tool list.
   */
  static void acceptMcpToolNames(JsonNode tree) {
    JsonNode tools = tree.path("spec").path("tools");
    if (tools instanceof com.fasterxml.jackson.databind.node.ArrayNode list) {
      for (int i = 0; i < list.size(); i++) {
        String name = list.get(i).isTextual() ? list.get(i).asText() : null;
        if (name != null
            && name.endsWith(MCP_TOOL_SUFFIX)
            && name.length() > MCP_TOOL_SUFFIX.length()) {
          list.set(i, list.textNode(name.substring(0, name.length() - MCP_TOOL_SUFFIX.length())));
        }
      }
    }
  }

  /**
   * Anchors, aliases and explicit tags have no use in a policy, and Jackson reads an alias to a
   * list as the alias's name: a reviewer would see one value while the policy got another.
   */
  static void refuseAnchorsAndTags(String yaml, String source) {
    try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(yaml)) {
      while (parser.nextToken() != null) {
        if (parser.isCurrentAlias() || parser.getObjectId() != null) {
          throw new IllegalArgumentException(
              source
                  + ": YAML anchors and aliases (&name, *name) are not accepted"
                  + " (line "
                  + parser.currentLocation().getLineNr()
                  + ")");
        }
        if (parser.getTypeId() != null) {
          throw new IllegalArgumentException(
              source
                  + ": explicit YAML tags ("
                  + Refusal.quote(parser.getTypeId())
                  + ") are not accepted (line "
                  + parser.currentLocation().getLineNr()
                  + ")");
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
    }
  }
}
