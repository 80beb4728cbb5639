package io.itmcp.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.ItmcpSessionStatus;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.operator.Fixtures;
import io.itmcp.policy.Limits;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Who counts against maxSessions and maxSessionsPerUser, and the ledger that serialises admissions.
 */
class SessionQuotaTest {
  static final Limits ONE_EACH_TWO_IN_ALL = limits(2, 1);

  @Test
  void aSessionWithAPodOrARecordedPodOrAPlaceCountsAndAnEndedOneDoesNot() {
    ItmcpSession bob = Fixtures.session("b1", "net", "bob");
    ItmcpSession carol = Fixtures.session("c1", "net", "carol");
    ItmcpSession alice = Fixtures.session("a1", "net", "alice");
    assertThat(check(alice, List.of(bob, carol), Set.of()))
        .as("no pod, no place: nobody is live")
        .isEmpty();
    assertThat(check(alice, List.of(bob, carol), Set.of("b1", "c1")).orElseThrow().limit())
        .isEqualTo("maxSessions");

    carol.setStatus(status(SessionPhase.Ready, "c1-sandbox"));
    assertThat(check(alice, List.of(bob, carol), Set.of("b1")).orElseThrow().message())
        .isEqualTo(
            "policy net allows 2 live sessions (limits.maxSessions) and 2 are live;"
                + " end a session or raise the limit");

    for (SessionPhase ended :
        List.of(SessionPhase.Failed, SessionPhase.Expired, SessionPhase.Terminating)) {
      carol.setStatus(status(ended, "c1-sandbox"));
      assertThat(check(alice, List.of(bob, carol), Set.of("b1", "c1")))
          .as(ended + " does not count")
          .isEmpty();
    }
    carol.setStatus(status(SessionPhase.Ready, "c1-sandbox"));
    carol.getMetadata().setDeletionTimestamp("2026-01-01T10:00:00Z");
    assertThat(check(alice, List.of(bob, carol), Set.of("b1", "c1")))
        .as("a session being deleted does not count")
        .isEmpty();
  }

  @Test
  void theSessionItselfIsNeverCounted() {
    ItmcpSession alice = Fixtures.session("a1", "net", "alice");
    alice.setStatus(status(SessionPhase.Pending, "a1-sandbox"));
    assertThat(SessionQuota.check(alice, "net", List.of(alice), limits(1, 1), s -> true)).isEmpty();
  }

  @Test
  void theUserLimitCountsOnlyThatUsersSessions() {
    ItmcpSession alice2 = Fixtures.session("a2", "net", "alice");
    ItmcpSession bob = Fixtures.session("b1", "net", "bob");
    ItmcpSession alice = Fixtures.session("a1", "net", "alice");
    assertThat(check(alice, List.of(bob), Set.of("b1"))).isEmpty();
    Optional<SessionQuota.Refusal> refused = check(alice, List.of(bob, alice2), Set.of("a2"));
    assertThat(refused)
        .contains(
            new SessionQuota.Refusal(
                "maxSessionsPerUser",
                "policy net allows 1 live sessions"
                    + " per user (limits.maxSessionsPerUser) and user alice has 1; end one of them or raise the limit"));
    assertThat(
            check(Fixtures.session("d1", "net", "dave"), List.of(bob, alice2), Set.of("a2", "b1")))
        .as("both places taken: the total limit speaks first")
        .map(SessionQuota.Refusal::limit)
        .contains("maxSessions");
  }

  @Test
  void theLedgerCountsAnAdmissionAtOnceAndForgetsItOnRelease() {
    SessionAdmissions ledger = new SessionAdmissions();
    ItmcpSession first = Fixtures.session("a1", "net", "alice");
    ItmcpSession second = Fixtures.session("b1", "net", "bob");
    List<ItmcpSession> both = List.of(first, second);
    Limits one = limits(1, 1);
    assertThat(ledger.admit(first, "net", both, one, s -> false)).isEmpty();
    assertThat(ledger.admit(second, "net", both, one, s -> false))
        .as("no pod shows yet, the first still counts")
        .map(SessionQuota.Refusal::limit)
        .contains("maxSessions");
    assertThat(ledger.admit(first, "net", both, one, s -> false))
        .as("admitted once, admitted again")
        .isEmpty();
    ledger.release(first);
    assertThat(ledger.admit(second, "net", both, one, s -> false)).isEmpty();
  }

  static Optional<SessionQuota.Refusal> check(
      ItmcpSession session, List<ItmcpSession> others, Set<String> withPod) {
    return SessionQuota.check(
        session,
        "net",
        others,
        ONE_EACH_TWO_IN_ALL,
        other -> withPod.contains(other.getMetadata().getName()));
  }

  static ItmcpSessionStatus status(SessionPhase phase, String podName) {
    ItmcpSessionStatus status = new ItmcpSessionStatus();
    status.setPhase(phase);
    status.setPodName(podName);
    return status;
  }

  static Limits limits(int maxSessions, int maxSessionsPerUser) {
    return Limits.defaults().withSessions(maxSessions, maxSessionsPerUser);
  }
}
