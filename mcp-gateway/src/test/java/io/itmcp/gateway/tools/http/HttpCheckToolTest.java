package io.itmcp.gateway.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.server.ToolResults;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.gateway.tools.Next;
import io.itmcp.gateway.tools.ToolArgumentException;
import io.itmcp.gateway.tools.ToolCallRunner;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.gateway.tools.ToolStep;
import io.itmcp.gateway.tools.network.CaptureScope;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyRefusedException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The tool's plan, hops and answer against a sandbox that answers like curl would: redirects
 * followed only when asked, one checked hop at a time, at most five, a refused hop reported and
 * never run; headers redacted; the report read whatever the body was.
 */
class HttpCheckToolTest {

  private static final EffectivePolicy POLICY =
      TestPolicies.builder()
          .hosts("web.example.com", "next.example.com:8080", "192.0.2.0/24")
          .maxOutputBytes(1 << 20)
          .build();

  private final List<String> lookups = new CopyOnWriteArrayList<>();
  private final CaptureScope.Resolver resolver =
      name -> {
        lookups.add(name);
        Map<String, String> dns =
            Map.of(
                "web.example.com",
                "192.0.2.10",
                "next.example.com",
                "192.0.2.20",
                "evil.example.com",
                "203.0.113.66",
                "rebind.example.com",
                "127.0.0.1");
        if (!dns.containsKey(name)) {
          throw new UnknownHostException(name);
        }
        return new InetAddress[] {
          InetAddress.getByAddress(name, InetAddress.getByName(dns.get(name)).getAddress())
        };
      };
  private final HttpCheckTool tool = new HttpCheckTool(resolver, () -> 0L);

  /** Answers each exec by its URL (the argv's last word) with curl-shaped stderr. */
  private static final class CurlLike implements Sandbox {
    final List<ExecRequest> requests = new CopyOnWriteArrayList<>();
    final Function<String, ExecResult> byUrl;

    CurlLike(Function<String, ExecResult> byUrl) {
      this.byUrl = byUrl;
    }

    @Override
    public ExecResult exec(ExecRequest request, ProgressListener progress) {
      requests.add(request);
      return byUrl.apply(request.argv().get(request.argv().size() - 1));
    }

    @Override
    public void close() {}

    List<String> urls() {
      return requests.stream().map(r -> r.argv().get(r.argv().size() - 1)).toList();
    }
  }

  static ExecResult response(int code, String reason, String body, String... headers) {
    StringBuilder err =
        new StringBuilder(
                "> GET / HTTP/1.1\n> Authorization-Probe: request headers are never shown\n")
            .append("< HTTP/1.1 ")
            .append(code)
            .append(' ')
            .append(reason)
            .append("\r\n");
    for (String h : headers) {
      err.append("< ").append(h).append("\r\n");
    }
    err.append("< \r\n")
        .append(CurlArgv.REPORT_PREFIX)
        .append("exit=0 code=")
        .append(code)
        .append(
            " version=1.1 ip=192.0.2.10 port=80 lookup=0.000001 connect=0.001000 tls=0.000000 first_byte=0.004000")
        .append(" total=0.005000 size=")
        .append(body.length())
        .append(" verify=0\n");
    return new ExecResult(0, body, err.toString(), false, false, 5);
  }

  static ExecResult redirect(String location) {
    return response(302, "Found", "", "Location: " + location);
  }

  private ToolCallRunner.Outcome call(
      Sandbox sandbox, Map<String, Object> args, List<ToolPlan> hops) throws InterruptedException {
    return ToolCallRunner.run(
        sandbox, tool, tool.plan(args, POLICY), POLICY, ProgressListener.NONE, hops::add);
  }

  private static Map<String, Object> args(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void theDefaultsAreAHeadRequestWithoutBodyOrRedirects() {
    ToolPlan plan = tool.plan(args("url", "http://web.example.com/health"), POLICY);
    assertThat(plan.argv())
        .contains("--head", "--max-time")
        .containsSubsequence("--max-time", "10")
        .containsSubsequence("--resolve", "web.example.com:80:192.0.2.10")
        .endsWith("--", "http://web.example.com/health");
    assertThat(plan.maxStdoutBytes()).isZero();
    assertThat(plan.timeout()).hasSeconds(12);
    assertThat(tool.inputSchema().toString())
        .contains("follow_redirects", "max_bytes", "HEAD", "GET")
        .doesNotContain("insecure");
  }

  @Test
  void getKeepsMaxBytesOfBodyAndAtMostHalfTheOutputCap() {
    assertThat(
            tool.plan(
                    args("url", "http://web.example.com/", "method", "GET", "max_bytes", 100),
                    POLICY)
                .maxStdoutBytes())
        .isEqualTo(100);
    EffectivePolicy small =
        TestPolicies.builder().hosts("web.example.com").maxOutputBytes(2048).build();
    assertThat(
            tool.plan(
                    args("url", "http://web.example.com/", "method", "get", "max_bytes", 65536),
                    small)
                .maxStdoutBytes())
        .isEqualTo(1024);
    assertThat(
            tool.plan(args("url", "http://web.example.com/", "max_bytes", 500), POLICY)
                .maxStdoutBytes())
        .as("HEAD has no body")
        .isZero();
  }

  @Test
  void argumentsOutOfBoundsAreRefused() {
    for (Map<String, Object> bad :
        List.of(
            args("url", "http://web.example.com/", "timeout", 31),
            args("url", "http://web.example.com/", "timeout", 0),
            args("url", "http://web.example.com/", "max_bytes", 65537),
            args("url", "http://web.example.com/", "method", "POST"),
            args("url", "http://web.example.com/", "method", "TRACE"),
            args("url", "http://web.example.com/", "follow_redirects", "true"),
            args("url", "http://web.example.com/", "insecure", true),
            args("url", "-K/etc/passwd"),
            args())) {
      assertThatThrownBy(() -> tool.plan(bad, POLICY))
          .as(bad.toString())
          .isInstanceOfAny(ToolArgumentException.class, PolicyRefusedException.class);
    }
  }

  @Test
  void aRedirectIsNotFollowedUnlessAsked() throws InterruptedException {
    CurlLike sandbox = new CurlLike(url -> redirect("http://next.example.com:8080/"));
    List<ToolPlan> hops = new ArrayList<>();
    ToolCallRunner.Outcome o = call(sandbox, args("url", "http://web.example.com/"), hops);
    assertThat(sandbox.urls()).containsExactly("http://web.example.com/");
    assertThat(hops).isEmpty();
    assertThat(o.structured())
        .containsEntry("status", 302)
        .containsEntry(
            "redirectNotFollowed",
            "redirect to http://next.example.com:8080/ not followed: follow_redirects is false");
    assertThat(lookups).containsExactly("web.example.com");
  }

  @Test
  void eachHopIsCheckedPinnedAndAuditedBeforeItRunsAndARefusedOneIsReportedNotRun()
      throws InterruptedException {
    CurlLike sandbox =
        new CurlLike(
            url ->
                switch (url) {
                  case "http://web.example.com/" -> redirect("http://next.example.com:8080/step");
                  case "http://next.example.com:8080/step" -> redirect("http://evil.example.com/");
                  default -> throw new AssertionError("not allowed, yet run: " + url);
                });
    List<ToolPlan> hops = new ArrayList<>();
    ToolCallRunner.Outcome o =
        call(sandbox, args("url", "http://web.example.com/", "follow_redirects", true), hops);
    assertThat(sandbox.urls())
        .containsExactly("http://web.example.com/", "http://next.example.com:8080/step");
    assertThat(hops).hasSize(1);
    assertThat(hops.get(0).argv()).contains("next.example.com:8080:192.0.2.20");
    assertThat(lookups)
        .as("the refused host is never looked up")
        .containsExactly("web.example.com", "next.example.com");
    assertThat((String) o.structured().get("redirectNotFollowed"))
        .startsWith(
            "redirect to http://evil.example.com/ not followed: refused host 'evil.example.com' (rule allowedHosts)");
    assertThat((List<?>) o.structured().get("hops")).hasSize(2);
    assertThat(o.result().stdout())
        .contains("hop 1: HEAD http://web.example.com/ (192.0.2.10:80) -> HTTP/1.1 302 Found")
        .contains("redirect to http://evil.example.com/ not followed");
  }

  @Test
  void aRedirectWhoseNameRebindsToLoopbackIsNotFollowed() throws InterruptedException {
    EffectivePolicy policy =
        TestPolicies.builder().hosts("web.example.com", "rebind.example.com").build();
    CurlLike sandbox = new CurlLike(url -> redirect("http://rebind.example.com/"));
    ToolCallRunner.Outcome o =
        ToolCallRunner.run(
            sandbox,
            tool,
            tool.plan(args("url", "http://web.example.com/", "follow_redirects", true), policy),
            policy,
            ProgressListener.NONE,
            p -> {});
    assertThat(sandbox.urls()).hasSize(1);
    assertThat((String) o.structured().get("redirectNotFollowed")).contains("(rule http.address)");
  }

  @Test
  void atMostFiveRedirectsAreFollowed() throws InterruptedException {
    CurlLike sandbox = new CurlLike(url -> redirect("/again"));
    List<ToolPlan> hops = new ArrayList<>();
    ToolCallRunner.Outcome o =
        call(sandbox, args("url", "http://web.example.com/", "follow_redirects", true), hops);
    assertThat(sandbox.requests).hasSize(1 + HttpCheckTool.MAX_REDIRECTS);
    assertThat(hops).hasSize(HttpCheckTool.MAX_REDIRECTS);
    assertThat((String) o.structured().get("redirectNotFollowed"))
        .endsWith("at most 5 redirects are followed");
  }

  @Test
  void eachHopIsAnnouncedForTheAuditBeforeItRuns() throws InterruptedException {
    List<String> order = new CopyOnWriteArrayList<>();
    Sandbox sandbox =
        new Sandbox() {
          @Override
          public ExecResult exec(ExecRequest request, ProgressListener progress) {
            String url = request.argv().get(request.argv().size() - 1);
            order.add("exec " + url);
            return url.endsWith("/3")
                ? response(200, "OK", "")
                : redirect(url.endsWith("/") ? "/2" : "/3");
          }

          @Override
          public void close() {}
        };
    ToolCallRunner.run(
        sandbox,
        tool,
        tool.plan(args("url", "http://web.example.com/", "follow_redirects", true), POLICY),
        POLICY,
        ProgressListener.NONE,
        p -> order.add("intent " + p.argv().get(p.argv().size() - 1)));
    assertThat(order)
        .containsExactly(
            "exec http://web.example.com/",
            "intent http://web.example.com/2",
            "exec http://web.example.com/2",
            "intent http://web.example.com/3",
            "exec http://web.example.com/3");
  }

  @Test
  void aReportCutAtTheOutputCapIsSaidNotGuessed() throws InterruptedException {
    CurlLike sandbox =
        new CurlLike(
            url ->
                new ExecResult(
                    0, "", "< HTTP/1.1 200 OK\n< X-Many: " + "x".repeat(100), true, false, 5));
    ToolCallRunner.Outcome o =
        call(sandbox, args("url", "http://web.example.com/"), new ArrayList<>());
    assertThat(o.result().stdout())
        .contains(
            "HTTP/1.1 200 OK",
            "curl's report is missing (its output was cut at"
                + " limits.maxOutputBytes); timings unknown");
    assertThat(o.result().truncated()).isTrue();
    assertThat(o.structured()).containsEntry("status", 0).doesNotContainKey("redirectNotFollowed");
    assertThat((Map<String, Object>) o.structured().get("timings")).containsOnlyKeys("dnsMs");
  }

  @Test
  void aHopGetsWhatIsLeftOfTheCallsDeadlineAndNoneWhenItIsSpent() {
    ToolPlan first =
        tool.plan(
            args("url", "http://web.example.com/", "follow_redirects", true, "timeout", 10),
            POLICY);
    List<ToolStep> steps = List.of(new ToolStep(first, redirect("/next")));
    Next next = tool.next(steps, Duration.ofSeconds(6), POLICY);
    assertThat(next).isInstanceOf(Next.Run.class);
    ToolPlan hop = ((Next.Run) next).plan();
    assertThat(hop.argv())
        .containsSubsequence("--max-time", "4")
        .endsWith("--", "http://web.example.com/next");
    assertThat(hop.timeout()).hasSeconds(6);
    Next spent = tool.next(steps, Duration.ofMillis(2500), POLICY);
    assertThat(spent)
        .isEqualTo(Next.end("redirect to /next not followed: the call's timeout is spent"));
  }

  @Test
  void hostileLocationsAreReportedNotFollowed() throws InterruptedException {
    for (String location :
        List.of(
            "http://a#@evil.example.com/",
            "http://user@web.example.com/",
            "file:///etc/passwd",
            "http://0x7f.1/",
            "http://web.example.com\\@evil.example.com/",
            "gopher://web.example.com/",
            "http://192.0.2.7%2f/",
            "https://next.example.com/")) {
      CurlLike sandbox = new CurlLike(url -> redirect(location));
      ToolCallRunner.Outcome o =
          call(
              sandbox,
              args("url", "http://web.example.com/", "follow_redirects", true),
              new ArrayList<>());
      assertThat(sandbox.requests).as(location).hasSize(1);
      assertThat((String) o.structured().get("redirectNotFollowed"))
          .as(location)
          .contains("not followed: refused");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theAnswerRedactsCookiesAndCredentialsAndNeverShowsTheTrace() throws InterruptedException {
    CurlLike sandbox =
        new CurlLike(
            url ->
                response(
                    200,
                    "OK",
                    "",
                    "Set-Cookie: sid=s3cr3tvalue; Path=/; HttpOnly",
                    "Authorization: Basic dXNlcjpwYXNzd29yZA==",
                    "X-Auth-Token: tok-123456",
                    "Proxy-Authorization: x y",
                    "WWW-Authenticate: Bearer realm=\"api\"",
                    "Content-Type: text/plain",
                    "X-Debug: password=hunter2"));
    ToolCallRunner.Outcome o =
        call(sandbox, args("url", "http://web.example.com/"), new ArrayList<>());
    String everything = o.result().stdout() + o.result().stderr() + o.structured();
    assertThat(everything)
        .doesNotContain(
            "s3cr3tvalue",
            "dXNlcjpwYXNzd29yZA",
            "tok-123456",
            "hunter2",
            "x y",
            "Authorization-Probe");
    assertThat(o.result().stdout())
        .contains(
            "HTTP/1.1 200 OK\n",
            "Set-Cookie: sid=[REDACTED]; Path=/; HttpOnly\n",
            "Authorization: [REDACTED]\n",
            "Content-Type: text/plain\n",
            "timings (ms): name lookup by the gateway 0.0,"
                + " connected 1.0, first byte 4.0, total 5.0");
    assertThat((List<Object>) o.structured().get("headers"))
        .contains((Object) Map.of("name", "X-Auth-Token", "value", "[REDACTED]"));
    assertThat(o.structured().get("timings"))
        .isEqualTo(Map.of("dnsMs", 0.0, "connectMs", 1.0, "firstByteMs", 4.0, "totalMs", 5.0));
  }

  @Test
  void theBodyIsShownUpToMaxBytesAndItsSizeSaid() throws InterruptedException {
    CurlLike sandbox =
        new CurlLike(
            url -> {
              ExecResult full = response(200, "OK", "x".repeat(5000));
              return new ExecResult(0, "x".repeat(10), full.stderr(), false, false, 5);
            });
    ToolCallRunner.Outcome o =
        call(
            sandbox,
            args("url", "http://web.example.com/", "method", "GET", "max_bytes", 10),
            new ArrayList<>());
    assertThat(sandbox.requests.get(0).maxStdoutBytes()).isEqualTo(10);
    assertThat(o.structured())
        .containsEntry("body", "x".repeat(10))
        .containsEntry("bodyBytes", 5000)
        .containsEntry("bodyTruncated", true);
    assertThat(o.result().stdout())
        .contains("body: 5000 bytes, the first 10 shown (max_bytes)\nxxxxxxxxxx\n");
    assertThat(o.result().truncated()).isFalse();
  }

  @Test
  void noConnectionIsAnAnswerAndACurlFailureIsNot() throws InterruptedException {
    String failed =
        CurlArgv.REPORT_PREFIX
            + "exit=7 code=0 version=0 ip= port=0 lookup=0 connect=0 tls=0 first_byte=0"
            + " total=0.000300 size=0 verify=0\ncurl: (7) Failed to connect to web.example.com port 80: Connection refused\n";
    CurlLike sandbox = new CurlLike(url -> new ExecResult(7, "", failed, false, false, 1));
    ToolCallRunner.Outcome o =
        call(sandbox, args("url", "http://web.example.com/"), new ArrayList<>());
    assertThat(o.result().stdout()).contains("no HTTP response: (7) Failed to connect");
    assertThat(o.result().stderr())
        .isEqualTo("curl: (7) Failed to connect to web.example.com port 80: Connection refused\n");
    assertThat(o.structured()).containsEntry("status", 0).containsKey("error");
    assertThat(tool.failureToRun(o.result())).isEmpty();
    assertThat(tool.failureToRun(new ExecResult(2, "", "", false, false, 1)))
        .contains("curl could not make the request (exit 2)");
    assertThat(tool.failureToRun(new ExecResult(127, "", "", false, false, 1))).isPresent();
  }

  @Test
  void theOutputSchemaDeclaresTheToolsFields() {
    @SuppressWarnings("unchecked")
    Map<String, Object> properties =
        (Map<String, Object>)
            ToolResults.outputSchema(tool.structuredProperties()).get("properties");
    assertThat(properties)
        .containsKeys(
            "exitCode",
            "stdout",
            "status",
            "statusLine",
            "headers",
            "timings",
            "hops",
            "redirectNotFollowed",
            "body",
            "bodyTruncated",
            "address");
  }

  @Test
  void aUrlThatIsNotAllowedIsRefusedBeforeAnyLookup() {
    assertThatThrownBy(() -> tool.plan(args("url", "http://evil.example.com/"), POLICY))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessageContaining("(rule allowedHosts)");
    assertThatThrownBy(() -> tool.plan(args("url", "http://next.example.com/"), POLICY))
        .hasMessageContaining("no entry covering it allows port 80");
    assertThat(lookups).isEmpty();
  }
}
