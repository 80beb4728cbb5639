package io.itmcp.gateway.tools.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.gateway.tools.ToolArgumentException;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * tls_check_tool's argv and policy checks, and the reading of what s_client printed: a recorded TLS
 * 1.2 session (self-signed RSA certificate, hostname mismatch), made with openssl on loopback.
 */
class TlsCheckToolTest {
  private static final EffectivePolicy POLICY =
      TestPolicies.builder()
          .tools(ToolName.TLS_CHECK)
          .hosts(
              "web.example.com:443",
              "db.example.com",
              "127.0.0.1",
              "::1",
              "*.corp.example.com",
              "10.0.0.0/24:8443")
          .build();

  /** 2026-12-04T00:00:00Z: the recorded certificate runs until 2036-11-30T04:49:41Z. */
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-04T00:00:00Z"), ZoneOffset.UTC);

  private final TlsCheckTool tool = new TlsCheckTool(CLOCK);

  static String resource(String name) throws IOException {
    try (InputStream in = TlsCheckToolTest.class.getResourceAsStream("/tls/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void aNameIsSentAsSniAndVerifiedAgainstTheBundleOnly() {
    assertThat(tool.plan(Map.of("target", "Web.Example.com"), POLICY).argv())
        .containsExactly(
            "openssl",
            "s_client",
            "-connect",
            "web.example.com:443",
            "-servername",
            "web.example.com",
            "-verify_hostname",
            "web.example.com",
            "-CAfile",
            "/etc/ssl/certs/ca-certificates.crt",
            "-no-CApath",
            "-no-CAstore",
            "-showcerts");
  }

  @Test
  void anAddressIsCheckedWithoutSniAgainstTheAddress() {
    assertThat(tool.plan(Map.of("target", "0:0:0:0:0:0:0:1", "port", 8443), POLICY).argv())
        .containsExactly(
            "openssl",
            "s_client",
            "-connect",
            "[::1]:8443",
            "-noservername",
            "-verify_ip",
            "::1",
            "-CAfile",
            "/etc/ssl/certs/ca-certificates.crt",
            "-no-CApath",
            "-no-CAstore",
            "-showcerts");
    assertThat(
            tool.plan(
                    Map.of(
                        "target", "10.0.0.7", "port", 8443, "servername", "app.corp.example.com"),
                    POLICY)
                .argv())
        .containsSequence(
            "-connect",
            "10.0.0.7:8443",
            "-servername",
            "app.corp.example.com",
            "-verify_hostname",
            "app.corp.example.com");
  }

  @Test
  void thePortMustBeAllowedForTheTarget() {
    assertThatThrownBy(() -> tool.plan(Map.of("target", "web.example.com", "port", 8443), POLICY))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessageContaining("no entry covering it allows port 8443");
    assertThatThrownBy(() -> tool.plan(Map.of("target", "10.0.0.7"), POLICY))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessageContaining("port 443");
  }

  @Test
  void theSniNameMustBeAnAllowedNameAndNoAddress() {
    assertThatThrownBy(
            () ->
                tool.plan(
                    Map.of("target", "db.example.com", "servername", "evil.example.org"), POLICY))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessageContaining("evil.example.org")
        .hasMessageContaining("rule allowedHosts");
    assertThatThrownBy(
            () -> tool.plan(Map.of("target", "db.example.com", "servername", "127.0.0.1"), POLICY))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessageContaining("SNI carries only names (RFC 6066)");
  }

  @Test
  void theTextLeavesOutThePemAndTheSessionSecrets() throws IOException {
    String raw = resource("s_client-tls12-hostname-mismatch.txt");
    assertThat(raw).contains("Master-Key: ", "-----BEGIN CERTIFICATE-----");
    ToolPlan plan = tool.plan(Map.of("target", "db.example.com"), POLICY);
    String text = plan.outputFilter().apply(raw);
    assertThat(text)
        .doesNotContain("-----BEGIN", "MII")
        .contains(
            "[certificate 0: PEM in structuredContent.chain]",
            "Master-Key: (left out)",
            "Verify return code: 62 (hostname mismatch)",
            "New, TLSv1.2, Cipher is ECDHE-RSA-AES256-GCM-SHA384");
    assertThat(text.lines().filter(l -> l.matches("^\\s+[0-9a-f]{4} - .*"))).isEmpty();
    assertThat(text).doesNotContainPattern("Master-Key: [0-9A-F]{16}");
  }

  @Test
  @SuppressWarnings("unchecked")
  void readsProtocolCipherVerificationAndTheChainWithTheJdk() throws IOException {
    String raw = resource("s_client-tls12-hostname-mismatch.txt");
    ToolPlan plan = tool.plan(Map.of("target", "db.example.com"), POLICY);
    Map<String, Object> fields =
        plan.structuredOutput().read(new ExecResult(0, raw, "", false, false, 40));
    assertThat(fields)
        .containsEntry("protocol", "TLSv1.2")
        .containsEntry("cipher", "ECDHE-RSA-AES256-GCM-SHA384")
        .containsEntry("verified", false)
        .containsEntry(
            "verification",
            Map.of(
                "code",
                62,
                "reason",
                "hostname mismatch",
                "name",
                "db.example.com",
                "caBundle",
                "/etc/ssl/certs/ca-certificates.crt"));
    List<Map<String, Object>> chain = (List<Map<String, Object>>) fields.get("chain");
    assertThat(chain).hasSize(1);
    assertThat(chain.get(0))
        .containsEntry("subject", "O=ITMCP Test,CN=rsa.example.test")
        .containsEntry("issuer", "O=ITMCP Test,CN=rsa.example.test")
        .containsEntry(
            "subjectAltNames",
            List.of("DNS:rsa.example.test", "DNS:*.rsa.example.test", "IP:192.0.2.7"))
        .containsEntry("notAfter", "2036-11-30T04:49:41Z")
        .containsEntry("daysLeft", 3649L)
        .containsEntry("keyType", "RSA")
        .containsEntry("keySize", 2048)
        .containsEntry("signatureAlgorithm", "SHA256withRSA")
        .containsEntry("serialNumber", "1234")
        .containsEntry("selfIssued", true);
    assertThat((String) chain.get(0).get("sha256")).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    assertThat(tool.failureToRun(new ExecResult(0, raw, "", false, false, 40))).isEmpty();
  }

  @Test
  void aHandshakeThatVerifiesSaysSo() throws IOException {
    String raw =
        resource("s_client-tls12-hostname-mismatch.txt")
            .replace("Verify return code: 62 (hostname mismatch)", "Verify return code: 0 (ok)");
    Map<String, Object> fields =
        tool.plan(Map.of("target", "db.example.com"), POLICY)
            .structuredOutput()
            .read(new ExecResult(0, raw, "", false, false, 40));
    assertThat(fields).containsEntry("verified", true);
  }

  @Test
  void noHandshakeIsAFailureWithOpensslsReason() {
    String refused = "CONNECTED? no\n";
    String stderr =
        "40F7A1C1B27F0000:error:8000006F:system library:BIO_connect:Connection refused:"
            + "../crypto/bio/bio_sock2.c:114:calling connect()\nconnect:errno=111\n";
    assertThat(tool.failureToRun(new ExecResult(1, refused, stderr, false, false, 5)))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .startsWith("no TLS handshake completed (openssl exit 1: ")
                    .contains("Connection refused"));
    String plainTcp =
        "CONNECTED(00000003)\n---\nno peer certificate available\n---\nNo client certificate CA names sent\n"
            + "---\nSSL handshake has read 5 bytes and written 300 bytes\nVerification: OK\n---\nNew, (NONE), Cipher is (NONE)\n";
    assertThat(
            tool.failureToRun(
                new ExecResult(
                    1,
                    plainTcp,
                    "error:0A00010B:SSL routines::wrong version number\n",
                    false,
                    false,
                    5)))
        .isPresent();
    assertThat(TlsClientOutput.read(plainTcp).cipher()).isEmpty();
    // s_client says "Verify return code: 0 (ok)" without having seen a certificate: no verdict is
    // reported
    String noCertificate = plainTcp + "Verify return code: 0 (ok)\n";
    assertThat(
            tool.plan(Map.of("target", "db.example.com"), POLICY)
                .structuredOutput()
                .read(new ExecResult(1, noCertificate, "", false, false, 5)))
        .doesNotContainKeys("verified", "verification", "protocol", "cipher")
        .containsEntry("chain", List.of());
  }

  @Test
  void aCertificateCutAtTheOutputCapOrGarbledIsNotGuessedAt() throws IOException {
    String raw = resource("s_client-tls12-hostname-mismatch.txt");
    String cut = raw.substring(0, raw.indexOf("-----END CERTIFICATE-----") - 10);
    assertThat(TlsClientOutput.read(cut).pemCertificates()).isEmpty();
    assertThat(TlsClientOutput.withoutPem(cut))
        .endsWith("[an incomplete certificate, cut at the output cap]\n");
    String garbled = raw.replaceFirst("(-----BEGIN CERTIFICATE-----\n)MII", "$1XXX");
    List<Map<String, Object>> chain =
        new CertificateChainReader(CLOCK).read(TlsClientOutput.read(garbled).pemCertificates());
    assertThat(chain).hasSize(1);
    assertThat(chain.get(0)).containsOnlyKeys("unreadable");
    assertThat((String) chain.get(0).get("unreadable"))
        .startsWith("the JDK could not read this certificate");
  }

  @Test
  void aHostileServerCannotFloodOrSmuggleText() {
    String block = TlsClientOutput.BEGIN + "\nAAAA\n" + TlsClientOutput.END + "\n";
    assertThat(TlsClientOutput.read(block.repeat(1000)).pemCertificates())
        .hasSize(TlsClientOutput.MAX_CERTIFICATES);
    String huge =
        TlsClientOutput.BEGIN + "\n" + "A".repeat(200_000) + "\n" + TlsClientOutput.END + "\n";
    assertThat(TlsClientOutput.read(huge).pemCertificates()).isEmpty();
    assertThat(CertificateChainReader.visible("evil\u202e\u0007\u200bname\r\nX"))
        .isEqualTo("evil\\u202E\\u0007\\u200Bname\\u000D\\u000AX");
    assertThat(CertificateChainReader.visible("x".repeat(5000)))
        .hasSize(CertificateChainReader.MAX_TEXT + " ... (cut at 1024 characters)".length() - 1);
    assertThat(
            TlsClientOutput.read(
                    "New, TLSv1.3, Cipher is $(id)\nVerify return code: 0 (ok\u0000)\n")
                .cipher())
        .isEmpty();
  }

  @Test
  void theSchemaNamesEveryFieldTheReaderFills() {
    assertThat(tool.structuredProperties())
        .containsOnlyKeys("protocol", "cipher", "verified", "verification", "chain");
  }
}
