package io.itmcp.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.ItmcpSessionStatus;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionNaming;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.operator.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The admit step as a decision table: what each observation leads to, without a cluster. */
class SessionAdmissionTest {
  static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");

  /** Fixtures' policy: TTL 3600 s, idle timeout 900 s. */
  static final Duration TTL = Duration.ofSeconds(3600);

  static final Duration IDLE = Duration.ofSeconds(900);

  @Test
  void aSessionWithoutItsPolicyWaitsUnlessItHadASandbox() {
    assertThat(
            SessionAdmission.decide(
                seen(session(), null, Optional.empty(), Optional.empty(), CREATED)))
        .isEqualTo(
            new SessionAdmission.WaitForPolicy(
                "policy net does not exist in namespace "
                    + Fixtures.NAMESPACE
                    + "; the session waits for it"));

    SessionAdmission.End recorded =
        (SessionAdmission.End)
            SessionAdmission.decide(
                seen(
                    session(), withPod("s1-sandbox"), Optional.empty(), Optional.empty(), CREATED));
    assertThat(recorded)
        .isEqualTo(
            new SessionAdmission.End(
                "PolicyDeleted", "policy net was deleted; its sessions end", Optional.empty()));

    assertThat(
            SessionAdmission.decide(
                seen(session(), null, Optional.empty(), Optional.of(pod()), CREATED)))
        .isInstanceOf(SessionAdmission.End.class);
  }

  @Test
  void anInvalidPolicySaysWhetherTheSessionKeepsItsEgress() {
    ItmcpPolicy invalid = Fixtures.policy("net", List.of("not a host name!"));
    var fresh =
        (SessionAdmission.PolicyInvalid)
            SessionAdmission.decide(
                seen(session(), null, Optional.of(invalid), Optional.empty(), CREATED));
    assertThat(fresh.why())
        .startsWith("policy net is invalid: ")
        .endsWith("; no sandbox is made until it is fixed");

    var admitted =
        (SessionAdmission.PolicyInvalid)
            SessionAdmission.decide(
                seen(
                    session(),
                    withPod("s1-sandbox"),
                    Optional.of(invalid),
                    Optional.empty(),
                    CREATED));
    assertThat(admitted.why()).endsWith("; the session keeps the egress it had");
  }

  @Test
  void theTtlEndsTheSessionAtItsDeadlineNotBefore() {
    Instant expiresAt = CREATED.plus(TTL);
    ItmcpSession active = session();
    active
        .getMetadata()
        .setAnnotations(
            Map.of(SessionContract.LAST_ACTIVITY_ANNOTATION, expiresAt.minusSeconds(1).toString()));
    assertThat(SessionAdmission.decide(seen(active, null, policy(), Optional.empty(), expiresAt)))
        .isEqualTo(
            new SessionAdmission.End(
                "Expired", "TTL of 3600s reached at " + expiresAt, Optional.of(expiresAt)));
    assertThat(
            SessionAdmission.decide(
                seen(active, null, policy(), Optional.empty(), expiresAt.minusMillis(1))))
        .isInstanceOf(SessionAdmission.Proceed.class);
  }

  @Test
  void aSessionAskingForLessThanThePolicysTtlEndsEarlier() {
    ItmcpSession shortLived = session();
    shortLived.getSpec().setTtlSeconds(60L);
    assertThat(
            SessionAdmission.decide(
                seen(shortLived, null, policy(), Optional.empty(), CREATED.plusSeconds(60))))
        .isEqualTo(
            new SessionAdmission.End(
                "Expired",
                "TTL of 60s reached at " + CREATED.plusSeconds(60),
                Optional.of(CREATED.plusSeconds(60))));
  }

  @Test
  void idlenessCountsFromTheLastActivityOrFromCreation() {
    assertThat(
            SessionAdmission.decide(
                seen(session(), null, policy(), Optional.empty(), CREATED.plus(IDLE))))
        .isEqualTo(
            new SessionAdmission.End(
                "IdleTimeout",
                "no activity for 900s (idle timeout)",
                Optional.of(CREATED.plus(TTL))));

    ItmcpSession used = session();
    used.getMetadata()
        .setAnnotations(
            Map.of(SessionContract.LAST_ACTIVITY_ANNOTATION, CREATED.plusSeconds(600).toString()));
    var proceed =
        (SessionAdmission.Proceed)
            SessionAdmission.decide(
                seen(used, null, policy(), Optional.empty(), CREATED.plus(IDLE)));
    assertThat(proceed.nextCheck())
        .as("the next look is just past the idle deadline, 600 s + 900 s after creation")
        .isEqualTo(Duration.ofSeconds(600).plusMillis(500));
  }

  @Test
  void theNextLookIsJustPastWhicheverDeadlineComesFirst() {
    ItmcpSession shortLived = session();
    shortLived.getSpec().setTtlSeconds(120L);
    var proceed =
        (SessionAdmission.Proceed)
            SessionAdmission.decide(
                seen(shortLived, null, policy(), Optional.empty(), CREATED.plusSeconds(20)));
    assertThat(proceed.expiresAt()).isEqualTo(CREATED.plusSeconds(120));
    assertThat(proceed.nextCheck()).isEqualTo(Duration.ofSeconds(100).plusMillis(500));
  }

  @Test
  void aFailedSessionStaysFailedUntilADeadlineEndsIt() {
    ItmcpSessionStatus failed = new ItmcpSessionStatus();
    failed.setPhase(SessionPhase.Failed);
    assertThat(
            SessionAdmission.decide(
                seen(session(), failed, policy(), Optional.empty(), CREATED.plusSeconds(10))))
        .isEqualTo(
            new SessionAdmission.StayFailed(
                CREATED.plus(TTL), IDLE.minusSeconds(10).plusMillis(500)));
    assertThat(
            SessionAdmission.decide(
                seen(session(), failed, policy(), Optional.empty(), CREATED.plus(IDLE))))
        .as("a deadline ends a failed session too")
        .isInstanceOf(SessionAdmission.End.class);
  }

  @Test
  void aNameThatCannotLabelThePodIsRefusedAndOneThatCanProceeds() {
    String longest = "s".repeat(SessionNaming.MAX_LABEL_VALUE);
    var refused =
        SessionAdmission.decide(
            seen(session(longest + "x"), null, policy(), Optional.empty(), CREATED));
    assertThat(refused)
        .isInstanceOfSatisfying(
            SessionAdmission.Refuse.class,
            r -> {
              assertThat(r.reason()).isEqualTo("NameTooLong");
              assertThat(r.message())
                  .contains("longer than " + SessionNaming.MAX_LABEL_VALUE + " characters")
                  .contains("use a shorter name");
            });
    assertThat(
            SessionAdmission.decide(
                seen(session(longest), null, policy(), Optional.empty(), CREATED)))
        .isInstanceOf(SessionAdmission.Proceed.class);
  }

  @Test
  void onlyASessionNotAdmittedBeforeIsCheckedAgainstTheQuota() {
    var fresh =
        (SessionAdmission.Proceed)
            SessionAdmission.decide(seen(session(), null, policy(), Optional.empty(), CREATED));
    assertThat(fresh.checkQuota()).isTrue();
    assertThat(fresh.effective().limits().ttl()).isEqualTo(TTL);
    var recorded =
        (SessionAdmission.Proceed)
            SessionAdmission.decide(
                seen(session(), withPod("s1-sandbox"), policy(), Optional.empty(), CREATED));
    assertThat(recorded.checkQuota()).isFalse();
    var cached =
        (SessionAdmission.Proceed)
            SessionAdmission.decide(seen(session(), null, policy(), Optional.of(pod()), CREATED));
    assertThat(cached.checkQuota()).isFalse();
  }

  static ItmcpSession session() {
    return session("s1");
  }

  static ItmcpSession session(String name) {
    ItmcpSession session = Fixtures.session(name, "net", "alice");
    session.getMetadata().setCreationTimestamp(CREATED.toString());
    session.getMetadata().setGeneration(1L);
    return session;
  }

  static Optional<ItmcpPolicy> policy() {
    return Optional.of(Fixtures.policy("net", List.of("db.example.com")));
  }

  static ItmcpSessionStatus withPod(String podName) {
    ItmcpSessionStatus status = new ItmcpSessionStatus();
    status.setPodName(podName);
    status.setPhase(SessionPhase.Ready);
    return status;
  }

  static Pod pod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("s1-sandbox")
        .withNamespace(Fixtures.NAMESPACE)
        .endMetadata()
        .build();
  }

  static SessionObservation seen(
      ItmcpSession session,
      ItmcpSessionStatus status,
      Optional<ItmcpPolicy> policy,
      Optional<Pod> pod,
      Instant now) {
    session.setStatus(status);
    return new SessionObservation(
        session,
        status,
        policy,
        pod,
        Optional.empty(),
        SessionObservation.lastActivityOf(session),
        List.of(),
        Set.of(),
        now);
  }
}
