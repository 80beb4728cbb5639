package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.itmcp.gateway.ssh.SshCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The input schemas tools/list publishes, byte for byte (key order included), against a golden
 * file: a client that cached them, or a policy review that read them, sees no change unless this
 * file changes with it. On a mismatch the schemas as rendered now are written to
 * {@code target/tool-input-schemas.actual.json} to compare.
 */
class ToolSchemaGoldenTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden/tool-input-schemas.json");
  private static final Path ACTUAL = Path.of("target/tool-input-schemas.actual.json");

  @Test
  void everyToolsInputSchemaIsExactlyTheGoldenOne() throws IOException {
    List<ToolDefinition> tools = ToolCatalog.all(SshCredentials.fromEnvironment(Map.of()));
    Map<String, Object> schemas = new LinkedHashMap<>();
    for (ToolDefinition tool : tools) {
      schemas.put(tool.name().mcpName(), tool.inputSchema());
    }
    String actual = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(schemas) + "\n";
    String golden = Files.readString(GOLDEN, StandardCharsets.UTF_8);
    if (!actual.equals(golden)) {
      Files.createDirectories(ACTUAL.getParent());
      Files.writeString(ACTUAL, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).as("tool input schemas (see %s)", ACTUAL).isEqualTo(golden);
  }
}
