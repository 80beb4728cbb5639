package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.ssh.SshCredentials;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolCatalogTest {

  private static final List<ToolDefinition> TOOLS =
      ToolCatalog.all(SshCredentials.fromEnvironment(Map.of()));

  @Test
  void listsEveryToolOnce() {
    assertThat(TOOLS).extracting(ToolDefinition::name).containsExactlyInAnyOrder(ToolName.values());
  }

  @Test
  void everyToolHasAHumanTitleThatIsNotItsName() {
    for (ToolDefinition tool : TOOLS) {
      assertThat(tool.title())
          .as(tool.name().mcpName())
          .isNotBlank()
          .isNotEqualTo(tool.name().mcpName())
          .doesNotContain("_")
          .hasSizeLessThanOrEqualTo(40);
      assertThat(Character.isUpperCase(tool.title().charAt(0))).as(tool.title()).isTrue();
    }
    assertThat(TOOLS).extracting(ToolDefinition::title).doesNotHaveDuplicates();
  }
}
