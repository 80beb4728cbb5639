package io.itmcp.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.audit.AuditEvent.Decision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets hidden in values, behind spelled-out key names, or in oversized fields do not reach the
 * audit.
 */
class SecretRedactionTest {

  private static final String R = SecretRedactor.REDACTED;

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password",
        "PASSWORD",
        "PASS-WORD",
        "pass word",
        "pass_word",
        "Pass.Word",
        "db_password",
        "pаssword" /* Cyrillic а */,
        "ΡΑSSWΟRD" /* Greek Ρ, Α, Ο */,
        "ｐａｓｓｗｏｒｄ" /* full width */,
        "pass\u200bword" /* zero width space */,
        "ssh_key",
        "SSH-KEY",
        "bearer",
        "Bearer",
        "api key",
        "ApiKey",
        "x-auth-token",
        "client_secret",
        "AWS_SECRET_ACCESS_KEY",
        "passwd",
        "pwd",
        "private-key",
        "Authorization",
        "sеcret" /* Cyrillic е */,
        "tоken" /* Cyrillic о */,
        "cookie",
        "key",
        "pass",
        "credentials"
      })
  void secretKeyNamesAreFoundWhateverTheirSpelling(String key) {
    assertThat(SecretKeyNames.isSecret(key)).as(key).isTrue();
    assertThat(SecretRedactor.redact(Map.of(key, "hunter2"))).containsEntry(key, R);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "target",
        "file_path",
        "pattern",
        "count",
        "lines",
        "interface",
        "filter",
        "command",
        "host",
        "port",
        "type",
        "server",
        "monkey",
        "compass"
      })
  void ordinaryArgumentNamesAreKept(String key) {
    assertThat(SecretKeyNames.isSecret(key)).as(key).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "grep password=hunter2 /etc/app.conf",
        "grep -r 'PASSWORD: hunter2' .",
        "mysql --password=hunter2 -e 'select 1'",
        "mysql --password hunter2",
        "curl -H 'Authorization: Bearer hunter2hunter2hunter2' http://10.0.0.1/",
        "export DB_PASSWD=hunter2",
        "pwd=hunter2",
        "passwd: hunter2",
        "secret=hunter2&user=bob",
        "token=hunter2",
        "{\"password\": \"hunter2\"}",
        "psql postgres://app:hunter2@10.0.0.5/db",
        "openssl enc -pass hunter2",
        "api_key=hunter2",
        "AccountKey=hunter2;EndpointSuffix=core.windows.net"
      })
  void secretPairsInsideValuesAreRedacted(String text) {
    String redacted = SecretPatterns.redact(text);
    assertThat(redacted).as(text).doesNotContain("hunter2").contains(R);
  }

  @Test
  void secretsAreFoundByTheirShape() {
    String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJlc2lnbmF0dXJl";
    String pem =
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----";
    String cutPem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7";
    Map<String, String> shaped =
        Map.of(
            "jwt",
            "echo " + jwt,
            "pem",
            "key follows " + pem + " end",
            "cut pem",
            cutPem,
            "aws",
            "AKIAIOSFODNN7EXAMPLE is the id",
            "github",
            "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
            "github pat",
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
            "google api key",
            "AIza" + "SyA-1234567890abcdefghijklmnopqrstu",
            "google oauth",
            "ya29.a0AfH6SMBx1234567890abcdefghij",
            "azure sas",
            "https://acct.blob.core.windows.net/c?sv=2022-11-02&sig=abcDEF123%2Bxyz",
            "slack",
            "xoxb-123456789012-abcdefghij");
    shaped.forEach(
        (what, text) -> {
          String redacted = SecretPatterns.redact(text);
          assertThat(redacted).as(what).contains(R);
          assertThat(redacted)
              .as(what)
              .doesNotContain("b3BlbnNzaC1rZXktdjEAAAAABG5vbmU")
              .doesNotContain("MIIEow")
              .doesNotContain("IOSFODNN7")
              .doesNotContain("a1B2c3D4")
              .doesNotContain("0123456789_abc")
              .doesNotContain("SyA-1234")
              .doesNotContain("a0AfH6SMBx")
              .doesNotContain("abcDEF123")
              .doesNotContain("123456789012-abc")
              .doesNotContain("c2lnbmF0dXJl");
        });
    assertThat(SecretPatterns.redact("key follows " + pem + " end"))
        .isEqualTo("key follows " + R + " end");
  }

  @Test
  void ordinaryTextIsLeftAlone() {
    for (String text :
        List.of(
            "grep -n error /var/log/syslog",
            "ping -c 4 10.0.0.1",
            "tail -n 50 /srv/app.log",
            "PID USER %CPU COMMAND",
            "Basic",
            "the token expired",
            "password",
            "/etc/passwd",
            "cat /etc/passwd")) {
      assertThat(SecretPatterns.redact(text)).isEqualTo(text);
    }
  }

  @Test
  void theGatewaysOwnSshOptionsAreNotMistakenForSecrets() {
    List<String> argv =
        List.of(
            "ssh",
            "-F",
            "none",
            "-T",
            "-n",
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "UserKnownHostsFile=/run/itmcp/known_hosts",
            "-o",
            "GlobalKnownHostsFile=none",
            "-o",
            "UpdateHostKeys=no",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "IdentityAgent=none",
            "-o",
            "PasswordAuthentication=no",
            "-o",
            "KbdInteractiveAuthentication=no",
            "-o",
            "ConnectTimeout=10",
            "-i",
            "/run/itmcp/ssh/id_ed25519",
            "-l",
            "admin",
            "--",
            "10.0.0.2",
            "tail -n 5 /var/log/syslog");
    assertThat(SecretRedactor.redactArgv(argv)).isEqualTo(argv);
  }

  @Test
  void argvSecretsAreRedactedWordByWordAndAfterSecretOptions() {
    List<String> argv =
        List.of(
            "ssh",
            "-o",
            "BatchMode=yes",
            "10.0.0.2",
            "--",
            "mysql --password=hunter2 -e 'x'",
            "--password",
            "hunter3",
            "-pass",
            "hunter4",
            "token=hunter5");
    List<String> redacted = SecretRedactor.redactArgv(argv);
    assertThat(String.join(" ", redacted))
        .doesNotContain("hunter2")
        .doesNotContain("hunter3")
        .doesNotContain("hunter4")
        .doesNotContain("hunter5");
    assertThat(redacted)
        .hasSize(argv.size())
        .startsWith("ssh", "-o", "BatchMode=yes", "10.0.0.2", "--");
  }

  @Test
  void theWrittenRecordHoldsNoSecretInArgumentsArgvOrReason() throws Exception {
    Path file = tmp.resolve("audit.jsonl");
    try (HashChainedAuditLog log = HashChainedAuditLog.toFile(file)) {
      log.record(
          AuditEvent.builder()
              .time(Instant.parse("2026-01-01T00:00:00Z"))
              .user("alice")
              .groups(List.of("netops"))
              .session("s-1")
              .tool("grep_tool")
              .arguments(
                  Map.of(
                      "pattern",
                      "password=hunter2",
                      "file_path",
                      "/srv/app.conf",
                      "PASS-WORD",
                      "hunter3"))
              .argv(List.of("grep", "-e", "password=hunter2", "--", "/srv/app.conf"))
              .decision(Decision.DENIED)
              .reason("refused 'password=hunter2': not allowed")
              .durationMs(1)
              .build());
    }
    String line = Files.readString(file);
    assertThat(line).doesNotContain("hunter2").doesNotContain("hunter3").contains("password=" + R);
    assertThat(AuditVerifier.verify(file).intact()).isTrue();
  }

  @Test
  void everyFieldIsBounded() {
    Map<String, Object> deep = Map.of("v", "x");
    for (int i = 0; i < 20; i++) {
      deep = Map.of("d", deep);
    }
    java.util.Map<String, Object> many = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 500; i++) {
      many.put("k" + i, "v");
    }
    Map<String, Object> r =
        SecretRedactor.redact(Map.of("deep", deep, "many", many, "huge", "y".repeat(1_000_000)));
    assertThat(r.toString()).contains(AuditFieldCaps.TOO_DEEP);
    @SuppressWarnings("unchecked")
    Map<String, Object> keptMany = (Map<String, Object>) r.get("many");
    assertThat(keptMany)
        .hasSize(AuditFieldCaps.MAX_ITEMS + 1)
        .containsEntry(AuditFieldCaps.MORE_KEYS, 500 - 64);
    assertThat((String) r.get("huge"))
        .hasSizeLessThan(AuditFieldCaps.MAX_STRING + 64)
        .endsWith("...[cut: 1000000 characters in all]");
    List<String> argv =
        SecretRedactor.redactArgv(java.util.Collections.nCopies(1000, "z".repeat(5000)));
    assertThat(argv).hasSize(AuditFieldCaps.MAX_ITEMS + 1).last().isEqualTo("...[936 more items]");
    assertThat(argv.get(0)).hasSizeLessThan(AuditFieldCaps.MAX_STRING + 64);
    assertThat(AuditFieldCaps.texts(java.util.Collections.nCopies(100, "g")))
        .hasSize(AuditFieldCaps.MAX_ITEMS + 1);
  }

  /**
   * Inputs built to make a backtracking matcher explode. RE2 matches in linear time, so each one
   * finishes; the figures beside a plain input of the same size show the cost (no timing
   * assertion).
   */
  @Test
  void adversarialInputsAreRedactedInLinearTime() {
    int n = 100_000;
    Map<String, String> inputs = new java.util.LinkedHashMap<>();
    inputs.put("plain text (baseline)", "a".repeat(n));
    inputs.put(
        "ps-like output (literal guards skip the patterns)",
        "root 812 0.0 /usr/sbin/sshd -D key auth\n".repeat(n / 41));
    inputs.put(
        "config-like output (every line a candidate pair)",
        "db.host=10.0.0.1 cache_key=v1 mode: on\n".repeat(n / 40));
    inputs.put("password= repeated", "password=".repeat(n / 9));
    inputs.put("unterminated private key", "-----BEGIN PRIVATE KEY-----" + "A".repeat(n));
    inputs.put("name chars without separator", "db_pass_word_".repeat(n / 13));
    inputs.put("bearer without token", "Bearer ".repeat(n / 7));
    inputs.put("url without @", "https://user:" + ":".repeat(n));
    inputs.put("eyJ dots", "eyJaaaa.".repeat(n / 8));
    inputs.forEach(
        (what, text) -> {
          long t0 = System.nanoTime();
          String out = SecretPatterns.redact(text);
          long ms = (System.nanoTime() - t0) / 1_000_000;
          System.out.printf("redaction of %,d characters, %s: %d ms%n", text.length(), what, ms);
          assertThat(out).isNotNull();
        });
    assertThat(SecretPatterns.redact("-----BEGIN PRIVATE KEY-----" + "A".repeat(n))).isEqualTo(R);
  }
}
