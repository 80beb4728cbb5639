package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.itmcp.gateway.server.ToolResults;
import io.itmcp.gateway.ssh.SshCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The input and output schemas tools/list publishes, byte for byte (key order included), against a
 * golden file: a client that cached them, or a policy review that read them, sees no change unless
 * this file changes with it. On a mismatch the schemas as rendered now are written to {@code
 * target/tool-*-schemas.actual.json} to compare.
 */
class ToolSchemaGoldenTest {

  @Test
  void everyToolsInputSchemaIsExactlyTheGoldenOne() throws IOException {
    assertGolden("tool-input-schemas.json", ToolDefinition::inputSchema);
  }

  /**
   * The output schemas too: they were built with {@code Map.of}, whose key order changes per JVM.
   */
  @Test
  void everyToolsOutputSchemaIsExactlyTheGoldenOne() throws IOException {
    assertGolden(
        "tool-output-schemas.json", tool -> ToolResults.outputSchema(tool.structuredProperties()));
  }

  private static void assertGolden(
      String file, Function<ToolDefinition, Map<String, Object>> schemaOf) throws IOException {
    Path golden = Path.of("src/test/resources/golden").resolve(file);
    Path actualFile = Path.of("target").resolve(file.replace(".json", ".actual.json"));
    List<ToolDefinition> tools = ToolCatalog.all(SshCredentials.fromEnvironment(Map.of()));
    Map<String, Object> schemas = new LinkedHashMap<>();
    for (ToolDefinition tool : tools) {
      schemas.put(tool.name().mcpName(), schemaOf.apply(tool));
    }
    String actual =
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(schemas) + "\n";
    String expected = Files.exists(golden) ? Files.readString(golden, StandardCharsets.UTF_8) : "";
    if (!actual.equals(expected)) {
      Files.createDirectories(actualFile.getParent());
      Files.writeString(actualFile, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).as("%s (as rendered now: %s)", golden, actualFile).isEqualTo(expected);
  }
}
