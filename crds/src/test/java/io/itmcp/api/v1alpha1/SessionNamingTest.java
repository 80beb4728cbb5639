package io.itmcp.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SessionNamingTest {

  static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  @Test
  void sessionNamesAreDeterministicDns1123LabelsWhateverTheId() {
    for (String id :
        List.of(
            "0b7f1c2e-5d1e-4c1a-9a4e-1f0c2b3d4e5f",
            "",
            "../../etc/passwd",
            "A".repeat(10_000),
            "ünïcødé\n\u0000",
            "x")) {
      String name = SessionNaming.forMcpSession(id);
      assertThat(name).as(id).matches(DNS_1123_LABEL).startsWith("mcp-").hasSize(24);
      assertThat(SessionNaming.forMcpSession(id)).isEqualTo(name);
    }
    assertThat(SessionNaming.forMcpSession("a")).isNotEqualTo(SessionNaming.forMcpSession("b"));
  }

  @Test
  void aCallersSessionNameIsTheSameForEveryReplicaAndDiffersForAnyOtherCaller() {
    String name = SessionNaming.forCaller("alice@example.com", "netops", "inspector");
    assertThat(name).matches(DNS_1123_LABEL).startsWith("mcp-").hasSize(24);
    assertThat(SessionNaming.forCaller("alice@example.com", "netops", "inspector")).isEqualTo(name);
    assertThat(SessionNaming.forCaller("bob@example.com", "netops", "inspector"))
        .isNotEqualTo(name);
    assertThat(SessionNaming.forCaller("alice@example.com", "dns", "inspector")).isNotEqualTo(name);
    assertThat(SessionNaming.forCaller("alice@example.com", "netops", "claude-code"))
        .isNotEqualTo(name);
    // each part is length-prefixed: shifting characters between parts names another caller
    assertThat(SessionNaming.forCaller("ab", "c", "d"))
        .isNotEqualTo(SessionNaming.forCaller("a", "bc", "d"));
    assertThat(SessionNaming.forCaller("a", "b", ""))
        .isNotEqualTo(SessionNaming.forCaller("a", "", "b"));
    assertThat(name).doesNotContain("alice").doesNotContain("netops");
    assertThat(SessionNaming.isValidLabelValue(SessionNaming.pod(name))).isTrue();
  }

  @Test
  void theSessionNameDoesNotRevealTheMcpSessionId() {
    assertThat(SessionNaming.forMcpSession("secret-session-0123456789"))
        .doesNotContain("secret")
        .doesNotContain("0123456789");
  }

  @Test
  void validLabelValuesAreKept() {
    assertThat(SessionNaming.labelValue("alice")).isEqualTo("alice");
    assertThat(SessionNaming.labelValue("dns-checks")).isEqualTo("dns-checks");
    assertThat(SessionNaming.labelValue("a.b_c-d")).isEqualTo("a.b_c-d");
  }

  @Test
  void otherUserNamesBecomeValidDistinctLabelValues() {
    List<String> users =
        List.of(
            "system:serviceaccount:team-a:bot",
            "alice@example.com",
            "alice-example.com@",
            "-leading",
            "trailing-",
            "x".repeat(200),
            "x".repeat(201),
            "日本語",
            ":::",
            "https://issuer.example.com#alice");
    List<String> values = users.stream().map(SessionNaming::labelValue).toList();
    for (int i = 0; i < users.size(); i++) {
      assertThat(values.get(i)).as(users.get(i)).matches(LABEL_VALUE).isNotEmpty();
    }
    assertThat(values).doesNotHaveDuplicates();
    assertThat(SessionNaming.labelValue("system:serviceaccount:team-a:bot"))
        .startsWith("system-serviceaccount-team-a-bot-");
  }

  @Test
  void objectNameValidationRefusesPathTricks() {
    assertThat(SessionNaming.isValidObjectName("dns-checks")).isTrue();
    assertThat(SessionNaming.isValidObjectName("team.dns-checks")).isTrue();
    for (String bad :
        List.of("", "..", "a/b", "A", "a_b", "-a", "a-", "a b", "a%2Fb", "x".repeat(254))) {
      assertThat(SessionNaming.isValidObjectName(bad)).as(bad).isFalse();
    }
    assertThat(SessionNaming.isValidObjectName(null)).isFalse();
  }

  @Test
  void whatASessionOwnsIsNamedFromTheSessionNameAloneAndStaysAValidLabelAndObjectName() {
    String session = SessionNaming.forMcpSession("0b7f1c2e-mcp-session");
    assertThat(SessionNaming.pod(session)).isEqualTo(session + "-sandbox").matches(DNS_1123_LABEL);
    assertThat(SessionNaming.egressPolicy(session))
        .isEqualTo(session + "-egress")
        .matches(DNS_1123_LABEL);
    assertThat(SessionNaming.isValidLabelValue(session)).isTrue();
    assertThat(SessionNaming.isValidObjectName(SessionNaming.pod(session))).isTrue();
  }

  @Test
  void theContractNamesAreValidKubernetesKeysAndNames() {
    Pattern qualifiedKey = Pattern.compile("itmcp\\.io/[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    for (String key :
        List.of(
            SessionContract.SESSION_LABEL,
            SessionContract.POLICY_LABEL,
            SessionContract.USER_LABEL,
            SessionContract.LAST_ACTIVITY_ANNOTATION,
            SessionContract.FINALIZER)) {
      assertThat(key).matches(qualifiedKey);
    }
    assertThat(List.of(SessionContract.SANDBOX_CONTAINER, SessionContract.CAPTURE_CONTAINER))
        .allMatch(DNS_1123_LABEL.asMatchPredicate())
        .doesNotHaveDuplicates();
    assertThat(SessionContract.SSH_MOUNT_PATH).startsWith("/").doesNotEndWith("/");
  }

  @Test
  void activityIsReportedAtAQuarterOfTheIdleTimeoutBetweenOneAndThirtySeconds() {
    assertThat(SessionContract.activityReportInterval(java.time.Duration.ofMinutes(10)))
        .hasSeconds(30);
    assertThat(SessionContract.activityReportInterval(java.time.Duration.ofSeconds(60)))
        .hasSeconds(15);
    assertThat(SessionContract.activityReportInterval(java.time.Duration.ofSeconds(2)))
        .hasSeconds(1);
    assertThat(SessionContract.activityReportInterval(null)).hasSeconds(30);
    assertThat(SessionContract.activityReportInterval(java.time.Duration.ZERO)).hasSeconds(30);
  }
}
