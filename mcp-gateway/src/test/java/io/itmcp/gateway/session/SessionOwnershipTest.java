package io.itmcp.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Another user who knows (or guesses) a session id still cannot use that session. */
class SessionOwnershipTest {

  private static final Identity ALICE = new Identity("alice", List.of("ops"));
  private static final Identity MALLORY = new Identity("mallory", List.of("ops"));

  private final AtomicLong now = new AtomicLong();
  private final SessionRegistry registry =
      new SessionRegistry(new ProcessSandboxRuntime(), TestPolicies.defaultPolicy(), now::get);

  @Test
  void anotherUserIsRefusedAliceSMcpSessionWithTheRuleAndWhatIsAllowed() {
    GatewaySession alices = registry.sessionFor("s-1", ALICE);

    assertThatThrownBy(() -> registry.sessionFor("s-1", MALLORY))
        .isInstanceOf(SessionRefusedException.class)
        .hasMessageContaining("MCP session s-1 belongs to another user")
        .hasMessageContaining("used only by the user who opened it")
        .hasMessageContaining("open a session of your own");
    assertThat(registry.find("s-1"))
        .as("the refusal leaves alice's session as it was")
        .containsSame(alices);
    assertThat(registry.liveSessions(MALLORY.user())).isZero();
  }

  @Test
  void anotherUserIsRefusedAliceSCallerSession() {
    registry.callerSession("caller-1", ALICE, TestPolicies.defaultPolicy());

    assertThatThrownBy(
            () -> registry.callerSession("caller-1", MALLORY, TestPolicies.defaultPolicy()))
        .isInstanceOf(SessionRefusedException.class)
        .hasMessageContaining("caller session caller-1 belongs to another user");
    assertThat(registry.liveSessions()).isOne();
  }

  @Test
  void theOwnerGetsTheSameSessionBack() {
    GatewaySession first = registry.callerSession("caller-1", ALICE, TestPolicies.defaultPolicy());
    assertThat(registry.callerSession("caller-1", ALICE, TestPolicies.defaultPolicy()))
        .isSameAs(first);
    assertThat(registry.sessionFor("caller-1", ALICE)).isSameAs(first);
  }
}
