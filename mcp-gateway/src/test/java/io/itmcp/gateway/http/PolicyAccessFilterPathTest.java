package io.itmcp.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which policy a request path names (cluster runtime). */
class PolicyAccessFilterPathTest {

  @Test
  void plainMcpIsTheDefaultAndOneSegmentNamesAPolicy() {
    assertThat(PolicyAccessFilter.policyName("/mcp")).isEqualTo(Optional.empty());
    assertThat(PolicyAccessFilter.policyName("/mcp/")).isEqualTo(Optional.empty());
    assertThat(PolicyAccessFilter.policyName("/mcp/netops")).contains("netops");
    assertThat(PolicyAccessFilter.policyName("/mcp/netops/")).contains("netops");
  }

  @Test
  void anythingElseIsNoEndpoint() {
    assertThat(PolicyAccessFilter.policyName("/mcp/a/b")).isNull();
    assertThat(PolicyAccessFilter.policyName("/mcpx")).isNull();
    assertThat(PolicyAccessFilter.policyName("/other")).isNull();
    assertThat(PolicyAccessFilter.policyName("/mcp//")).isNull();
  }
}
