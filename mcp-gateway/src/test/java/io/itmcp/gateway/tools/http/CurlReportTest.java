package io.itmcp.gateway.tools.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * curl's stderr read before redaction: the last report line, the final response's head, nothing a
 * server can forge.
 */
class CurlReportTest {

  static final String REPORT =
      CurlArgv.REPORT_PREFIX
          + "exit=0 code=302 version=1.1 ip=127.0.0.1 port=8080"
          + " lookup=0.000021 connect=0.000210 tls=0.000000 first_byte=0.002500 total=0.002900 size=5 verify=0";

  @Test
  void theFinalResponseHeadAndTheReportAreRead() {
    String stderr =
        String.join(
            "\n",
            "* Added web.test:8080:127.0.0.1 to DNS cache",
            "> GET / HTTP/1.1",
            "> Host: web.test:8080",
            ">",
            "< HTTP/1.1 103 Early Hints",
            "< Link: </style.css>; rel=preload",
            "< ",
            "< HTTP/1.1 302 Found\r",
            "< Location: /next\r",
            "< Set-Cookie: sid=abc; Path=/\r",
            "< X-Empty:\r",
            "< \r",
            "{ [5 bytes data]",
            "* Closing connection 0",
            "",
            REPORT,
            "");
    CurlReport r = CurlReport.parse(stderr);
    assertThat(r.complete()).isTrue();
    assertThat(r.exit()).contains(0);
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.statusLine()).isEqualTo("HTTP/1.1 302 Found");
    assertThat(r.headers())
        .extracting(CurlReport.Header::name)
        .containsExactly("Location", "Set-Cookie", "X-Empty");
    assertThat(r.header("location")).contains("/next");
    assertThat(r.millis("connect")).contains(0.21);
    assertThat(r.millis("first_byte")).contains(2.5);
    assertThat(r.tls()).isNull();
    assertThat(r.error()).isNull();
  }

  @Test
  void aServerCannotForgeTheReportOrCurlsOwnLines() {
    String stderr =
        String.join(
            "\n",
            "< HTTP/1.1 200 OK",
            "< X-Forged: " + CurlArgv.REPORT_PREFIX + "exit=0 code=500",
            "< X-Also: curl: (7) forged",
            "< ",
            REPORT.replace("code=302", "code=200"),
            "");
    CurlReport r = CurlReport.parse(stderr);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.error()).isNull();
    assertThat(r.headers())
        .extracting(CurlReport.Header::name)
        .containsExactly("X-Forged", "X-Also");
  }

  @Test
  void onlyLinesBeforeTheLastReportDescribeTheResponse() {
    String stderr = "< HTTP/1.1 200 OK\n< A: 1\n< \n" + REPORT + "\n< HTTP/1.1 500 Late\n";
    assertThat(CurlReport.parse(stderr).statusLine()).isEqualTo("HTTP/1.1 200 OK");
  }

  @Test
  void aFailedRequestHasItsErrorAndNoResponse() {
    String stderr =
        "*   Trying 127.0.0.1:9...\n* connect to 127.0.0.1 port 9 failed: Connection refused\n"
            + CurlArgv.REPORT_PREFIX
            + "exit=7 code=0 version=0 ip= port=0 lookup=0.000010 connect=0.000000 tls=0.000000"
            + " first_byte=0.000000 total=0.000300 size=0 verify=0\n"
            + "curl: (7) Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server\n";
    CurlReport r = CurlReport.parse(stderr);
    assertThat(r.exit()).contains(7);
    assertThat(r.status()).isZero();
    assertThat(r.statusLine()).isNull();
    assertThat(r.error()).startsWith("(7) Failed to connect");
  }

  @Test
  void tlsAndHttp2AreRead() {
    String stderr =
        "* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384\n< HTTP/2 200 \n< content-type: text/html\n< \n"
            + REPORT.replace("code=302", "code=200")
            + "\n";
    CurlReport r = CurlReport.parse(stderr);
    assertThat(r.tls()).isEqualTo("TLSv1.3 / TLS_AES_256_GCM_SHA384");
    assertThat(r.statusLine()).isEqualTo("HTTP/2 200 ");
    assertThat(r.header("Content-Type")).contains("text/html");
  }

  @Test
  void aMissingOrGarbledReportIsIncompleteNotGuessed() {
    assertThat(CurlReport.parse("< HTTP/1.1 200 OK\n< \n").complete()).isFalse();
    assertThat(CurlReport.parse("").status()).isZero();
    CurlReport garbled =
        CurlReport.parse(
            CurlArgv.REPORT_PREFIX + "exit=x code=99999999999999999999999 connect=abc\n");
    assertThat(garbled.exit()).isEmpty();
    assertThat(garbled.status()).isZero();
    assertThat(garbled.millis("connect")).isEmpty();
  }
}
