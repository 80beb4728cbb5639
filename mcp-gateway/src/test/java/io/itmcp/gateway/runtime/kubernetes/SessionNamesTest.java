package io.itmcp.gateway.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SessionNamesTest {

  static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  @Test
  void sessionNamesAreDeterministicDns1123LabelsWhateverTheId() {
    for (String id : List.of("0b7f1c2e-5d1e-4c1a-9a4e-1f0c2b3d4e5f", "", "../../etc/passwd", "A".repeat(10_000), "ünïcødé\n\u0000", "x")) {
      String name = SessionNames.forMcpSession(id);
      assertThat(name).as(id).matches(DNS_1123_LABEL).startsWith("mcp-").hasSize(24);
      assertThat(SessionNames.forMcpSession(id)).isEqualTo(name);
    }
    assertThat(SessionNames.forMcpSession("a")).isNotEqualTo(SessionNames.forMcpSession("b"));
  }

  @Test
  void theSessionNameDoesNotRevealTheMcpSessionId() {
    assertThat(SessionNames.forMcpSession("secret-session-0123456789")).doesNotContain("secret").doesNotContain("0123456789");
  }

  @Test
  void validLabelValuesAreKept() {
    assertThat(SessionNames.labelValue("alice")).isEqualTo("alice");
    assertThat(SessionNames.labelValue("dns-checks")).isEqualTo("dns-checks");
    assertThat(SessionNames.labelValue("a.b_c-d")).isEqualTo("a.b_c-d");
  }

  @Test
  void otherUserNamesBecomeValidDistinctLabelValues() {
    List<String> users = List.of("system:serviceaccount:team-a:bot", "alice@example.com", "alice-example.com@", "-leading",
        "trailing-", "x".repeat(200), "x".repeat(201), "日本語", ":::", "https://issuer.example.com#alice");
    List<String> values = users.stream().map(SessionNames::labelValue).toList();
    for (int i = 0; i < users.size(); i++) {
      assertThat(values.get(i)).as(users.get(i)).matches(LABEL_VALUE).isNotEmpty();
    }
    assertThat(values).doesNotHaveDuplicates();
    assertThat(SessionNames.labelValue("system:serviceaccount:team-a:bot")).startsWith("system-serviceaccount-team-a-bot-");
  }

  @Test
  void objectNameValidationRefusesPathTricks() {
    assertThat(SessionNames.isValidObjectName("dns-checks")).isTrue();
    assertThat(SessionNames.isValidObjectName("team.dns-checks")).isTrue();
    for (String bad : List.of("", "..", "a/b", "A", "a_b", "-a", "a-", "a b", "a%2Fb", "x".repeat(254))) {
      assertThat(SessionNames.isValidObjectName(bad)).as(bad).isFalse();
    }
    assertThat(SessionNames.isValidObjectName(null)).isFalse();
  }
}
