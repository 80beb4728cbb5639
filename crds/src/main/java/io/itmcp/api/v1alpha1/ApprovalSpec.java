package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Calls that need a person's approval before they run, asked through the MCP client (elicitation).
 * A call that needs approval and cannot get it (the client cannot ask, the person declines or
 * cancels, no answer in time) is refused.
 */
public class ApprovalSpec {

  /** Tools every call of which needs approval. */
  @Size(max = 15)
  @ValidationRule(
      value = "self.all(t, self.exists_one(u, u == t))",
      message = "each tool may be listed only once",
      reason = "FieldValueDuplicate")
  private List<@Size(max = ToolName.MAX_WIRE_LENGTH) ToolName> tools;

  /**
   * ssh commands that need approval: an ssh call whose remote command begins with the words of one
   * of these entries (written like an allowedRemoteCommands entry) needs approval.
   */
  @Size(max = 256)
  private List<@Size(min = 1, max = 1024) @Pattern(SchemaPatterns.REMOTE_COMMAND) String>
      remoteCommands;

  /** How long the gateway waits for the person's answer; default 120. */
  @Min(10)
  @Max(600)
  private Integer timeoutSeconds;

  public List<ToolName> getTools() {
    return tools;
  }

  public void setTools(List<ToolName> tools) {
    this.tools = tools;
  }

  public List<String> getRemoteCommands() {
    return remoteCommands;
  }

  public void setRemoteCommands(List<String> remoteCommands) {
    this.remoteCommands = remoteCommands;
  }

  public Integer getTimeoutSeconds() {
    return timeoutSeconds;
  }

  public void setTimeoutSeconds(Integer timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }
}
