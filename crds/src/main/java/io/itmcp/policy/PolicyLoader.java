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
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.itmcp.api.v1alpha1.ApiGroup;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpPolicySpec;
import io.itmcp.api.v1alpha1.ToolName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a policy from an ItmcpPolicy manifest, or from the original ITMCP environment variables.
 *
 * <p>YAML: exactly one document, {@code apiVersion: itmcp.io/v1alpha1}, {@code kind: ItmcpPolicy},
 * a {@code metadata.name}; unknown fields, duplicate keys, anchors/aliases, explicit tags and type
 * coercions (a scalar where a list is expected, a string where a number is) are refused; the spec is compiled with
 * {@link EffectivePolicy#compile} so a malformed entry is refused at load time. Files larger than
 * {@value #MAX_BYTES} bytes are refused. Problems throw {@link IllegalArgumentException} with a
 * message naming the file and the field; an unreadable file throws {@link UncheckedIOException}.
 *
 * <p>Environment: {@code ALLOWED_HOSTS}, {@code ALLOWED_DIRECTORIES}, {@code ALLOWED_REMOTE_COMMANDS}
 * are comma-separated lists (entries trimmed, empty entries dropped; unset means empty, which
 * allows nothing). {@code ALLOWED_REMOTE_COMMANDS} entries are exact commands, like
 * {@code allowedRemoteCommands} (the seed project matched them as prefixes; a command that needs
 * arguments needs a policy file's {@code remoteCommandRules}). The policy is named {@code env}. Tools: {@link ToolName#defaults()}, plus
 * {@code ssh} when {@code ALLOWED_REMOTE_COMMANDS} is non-empty (the original exposed ssh_tool);
 * a non-blank {@code ITMCP_TOOLS} (comma-separated names, {@code ping} or {@code ping_tool})
 * replaces that list entirely.
 */
public final class PolicyLoader {

  public static final long MAX_BYTES = 1024 * 1024;
  public static final String ENV_POLICY_NAME = "env";
  static final String KIND = "ItmcpPolicy";

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .build();

  private PolicyLoader() {
  }

  /** The same YAML a cluster takes; refuses a file that is not an ItmcpPolicy of itmcp.io/v1alpha1. */
  public static ItmcpPolicy fromYaml(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new IllegalArgumentException(file + ": larger than " + MAX_BYTES + " bytes");
      }
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read policy file " + file + ": " + e.getMessage(), e);
    }
  }

  public static ItmcpPolicy fromYamlString(String yaml) {
    return parse(yaml, "policy");
  }

  private static ItmcpPolicy parse(String yaml, String source) {
    if (yaml == null || yaml.isBlank()) {
      throw new IllegalArgumentException(source + ": empty document");
    }
    if (yaml.length() > MAX_BYTES) {
      throw new IllegalArgumentException(source + ": larger than " + MAX_BYTES + " bytes");
    }
    refuseAnchorsAndTags(yaml, source);
    JsonNode tree;
    try {
      // a second document would be ignored silently: refuse it (only here; nested readers break on it)
      tree = YAML.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(yaml);
    } catch (JsonProcessingException e) {
      String why = e.getOriginalMessage().startsWith("Trailing token")
          ? "more than one YAML document (put one ItmcpPolicy per file)"
          : e.getOriginalMessage();
      throw new IllegalArgumentException(source + ": not a single valid YAML document: " + why, e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException(source + ": expected a YAML mapping (an ItmcpPolicy manifest)");
    }
    String apiVersion = tree.path("apiVersion").asText(null);
    String kind = tree.path("kind").asText(null);
    if (!ApiGroup.API_VERSION.equals(apiVersion) || !KIND.equals(kind)) {
      throw new IllegalArgumentException(source + ": expected apiVersion " + ApiGroup.API_VERSION + " and kind "
          + KIND + ", got apiVersion " + Refusal.quote(apiVersion) + " and kind " + Refusal.quote(kind));
    }
    ItmcpPolicy policy;
    try {
      policy = YAML.treeToValue(tree, ItmcpPolicy.class);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(source + ": " + fieldPath(e) + ": " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": " + e.getOriginalMessage(), e);
    }
    if (policy.getMetadata() == null || policy.getMetadata().getName() == null
        || policy.getMetadata().getName().isBlank()) {
      throw new IllegalArgumentException(source + ": metadata.name is required");
    }
    try {
      EffectivePolicy.compile(policy);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": spec." + e.getMessage(), e);
    }
    return policy;
  }

  /**
   * Anchors, aliases and explicit tags have no use in a policy, and Jackson reads an alias to a
   * list as the alias's name: a reviewer would see one value while the policy got another.
   */
  private static void refuseAnchorsAndTags(String yaml, String source) {
    try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(yaml)) {
      while (parser.nextToken() != null) {
        if (parser.isCurrentAlias() || parser.getObjectId() != null) {
          throw new IllegalArgumentException(source + ": YAML anchors and aliases (&name, *name) are not accepted"
              + " (line " + parser.currentLocation().getLineNr() + ")");
        }
        if (parser.getTypeId() != null) {
          throw new IllegalArgumentException(source + ": explicit YAML tags (" + Refusal.quote(parser.getTypeId())
              + ") are not accepted (line " + parser.currentLocation().getLineNr() + ")");
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
    }
  }

  private static String fieldPath(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.length() == 0 ? "(document)" : out.toString();
  }

  /** ALLOWED_HOSTS, ALLOWED_DIRECTORIES, ALLOWED_REMOTE_COMMANDS (comma-separated) into a policy. */
  public static ItmcpPolicy fromEnvironment(Map<String, String> env) {
    List<String> hosts = list(env.get("ALLOWED_HOSTS"));
    List<String> directories = list(env.get("ALLOWED_DIRECTORIES"));
    List<String> commands = list(env.get("ALLOWED_REMOTE_COMMANDS"));
    PathPolicy paths = PathPolicy.of("ALLOWED_DIRECTORIES", directories);
    HostPolicy.of("ALLOWED_HOSTS", hosts);
    RemoteCommandPolicy.of("ALLOWED_REMOTE_COMMANDS", commands, List.of(), paths);

    ItmcpPolicySpec spec = new ItmcpPolicySpec();
    spec.setAllowedHosts(hosts);
    spec.setAllowedDirectories(directories);
    spec.setAllowedRemoteCommands(commands);
    spec.setTools(tools(env.get("ITMCP_TOOLS"), !commands.isEmpty()));
    ItmcpPolicy policy = new ItmcpPolicy();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(ENV_POLICY_NAME);
    policy.setMetadata(meta);
    policy.setSpec(spec);
    return policy;
  }

  private static List<ToolName> tools(String itmcpTools, boolean sshCommandsGiven) {
    if (itmcpTools == null || itmcpTools.isBlank()) {
      EnumSet<ToolName> tools = EnumSet.copyOf(ToolName.defaults());
      if (sshCommandsGiven) {
        tools.add(ToolName.SSH);
      }
      return new ArrayList<>(tools);
    }
    EnumSet<ToolName> tools = EnumSet.noneOf(ToolName.class);
    for (String name : list(itmcpTools)) {
      String wire = name.toLowerCase(Locale.ROOT);
      wire = wire.endsWith("_tool") ? wire.substring(0, wire.length() - "_tool".length()) : wire;
      try {
        tools.add(ToolName.fromWire(wire));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("ITMCP_TOOLS: unknown tool " + Refusal.quote(name) + "; known tools: "
            + String.join(", ", Arrays.stream(ToolName.values()).map(ToolName::wireName).toList()), e);
      }
    }
    return new ArrayList<>(tools);
  }

  private static List<String> list(String value) {
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
