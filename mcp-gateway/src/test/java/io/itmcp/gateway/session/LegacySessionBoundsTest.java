package io.itmcp.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.testing.TestPolicies;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bounds on legacy MCP sessions, as a pure choice of which sessions to forget; times are given,
 * not waited for.
 */
class LegacySessionBoundsTest {

  private static final Identity ALICE = new Identity("alice", List.of());
  private static final Identity BOB = new Identity("bob", List.of());

  private final List<GatewaySession> live = new ArrayList<>();
  private long now = 1_000L;

  private GatewaySession open(String id, Identity identity) {
    GatewaySession s = new GatewaySession(id, identity, TestPolicies.defaultPolicy(), now++);
    live.add(s);
    return s;
  }

  private static List<String> ids(List<GatewaySession> sessions) {
    return sessions.stream().map(GatewaySession::id).toList();
  }

  @Test
  void withinTheBoundsNothingIsForgotten() {
    LegacySessionBounds bounds = new LegacySessionBounds(2, 4);
    open("a1", ALICE);
    GatewaySession a2 = open("a2", ALICE);
    assertThat(bounds.toForget(live, a2)).isEmpty();
  }

  @Test
  void beyondThePerUserBoundTheUsersLeastRecentlyUsedIsForgottenNotAnotherUsers() {
    LegacySessionBounds bounds = new LegacySessionBounds(2, 10);
    open("b1", BOB);
    GatewaySession a1 = open("a1", ALICE);
    open("a2", ALICE);
    a1.touch(now++);
    GatewaySession a3 = open("a3", ALICE);

    assertThat(ids(bounds.toForget(live, a3))).containsExactly("a2");
  }

  @Test
  void idleSessionsGoBeforeBusyOnesWhateverTheirAge() {
    LegacySessionBounds bounds = new LegacySessionBounds(2, 10);
    GatewaySession oldest = open("a1", ALICE);
    oldest.callStarted(oldest.lastActivityNanos());
    open("a2", ALICE);
    GatewaySession a3 = open("a3", ALICE);

    assertThat(ids(bounds.toForget(live, a3))).containsExactly("a2");
  }

  @Test
  void theSessionJustOpenedIsNeverForgottenEvenWhenAllOthersAreBusy() {
    LegacySessionBounds bounds = new LegacySessionBounds(1, 10);
    GatewaySession a1 = open("a1", ALICE);
    a1.callStarted(now++);
    GatewaySession a2 = open("a2", ALICE);

    assertThat(ids(bounds.toForget(live, a2)))
        .as("a busy session is forgotten rather than the new one refused")
        .containsExactly("a1");
  }

  @Test
  void theTotalBoundHoldsAcrossUsersAfterThePerUserOne() {
    LegacySessionBounds bounds = new LegacySessionBounds(2, 3);
    open("b1", BOB);
    open("a1", ALICE);
    open("b2", BOB);
    open("a2", ALICE);
    GatewaySession a3 = open("a3", ALICE);

    assertThat(ids(bounds.toForget(live, a3)))
        .as("a1 for alice's bound, then b1 the least recently used of all")
        .containsExactly("a1", "b1");
  }

  @Test
  void aForgottenSessionIsExplainedByItsRuleItsFlagsAndWhatHappensNext() {
    assertThat(new LegacySessionBounds(3, 5).whyForgotten())
        .contains(
            "3 MCP sessions per user",
            "5 in all",
            "--max-mcp-sessions-per-user",
            "--max-mcp-sessions",
            "404",
            "initializes again");
  }

  @Test
  void boundsThatCouldNotHoldAreRefused() {
    assertThatThrownBy(() -> new LegacySessionBounds(0, 5)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new LegacySessionBounds(2, 0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new LegacySessionBounds(6, 5))
        .hasMessageContaining("at most the total")
        .hasMessageContaining("got 6 per user, 5 in all");
  }
}
