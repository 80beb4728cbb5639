package io.itmcp.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads {@code tokens: [{user: alice, groups: [netops], sha256: <hex>}]}. Only hashes are stored,
 * so the file does not hold usable tokens.
 */
public final class TokenFile {

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private TokenFile() {}

  public static List<TokenEntry> read(Path file) throws IOException {
    return parse(Files.readString(file), file.toString());
  }

  public static List<TokenEntry> parse(String yaml, String source) throws IOException {
    JsonNode root = YAML.readTree(yaml);
    JsonNode tokens = root == null ? null : root.get("tokens");
    if (tokens == null || !tokens.isArray() || tokens.isEmpty()) {
      throw new IllegalArgumentException(
          source + ": expected 'tokens:' with at least one entry" + " {user, groups, sha256}");
    }
    List<TokenEntry> entries = new ArrayList<>();
    int i = 0;
    for (JsonNode t : tokens) {
      String where = source + ": tokens[" + i++ + "]";
      String user = text(t, "user", where);
      String hex = text(t, "sha256", where).toLowerCase(Locale.ROOT);
      if (!HEX64.matcher(hex).matches()) {
        throw new IllegalArgumentException(
            where + ".sha256 must be 64 hex digits (sha256sum of the token)");
      }
      List<String> groups = new ArrayList<>();
      JsonNode g = t.get("groups");
      if (g != null && !g.isNull()) {
        if (!g.isArray()) {
          throw new IllegalArgumentException(where + ".groups must be a list");
        }
        g.forEach(n -> groups.add(n.asText()));
      }
      entries.add(new TokenEntry(user, groups, HexFormat.of().parseHex(hex)));
    }
    return entries;
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(where + "." + field + " is required");
    }
    return v.asText();
  }
}
