package io.itmcp.gateway.tools.http;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.tools.Next;
import io.itmcp.gateway.tools.ParameterizedTool;
import io.itmcp.gateway.tools.ToolAnswer;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.gateway.tools.ToolStep;
import io.itmcp.gateway.tools.args.Param;
import io.itmcp.gateway.tools.args.ToolArguments;
import io.itmcp.gateway.tools.args.ToolParameters;
import io.itmcp.gateway.tools.network.CaptureScope;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyRefusedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * http_check_tool: one HTTP(S) request with curl from the sandbox ({@link CurlArgv}), its status
 * line, headers and timings.
 *
 * <p>The URL is parsed once, by the gateway ({@link HttpUrl}); its host and port need an
 * allowedHosts entry as for telnet_tool, and the connection is pinned to the address the gateway
 * resolved and checked ({@link PinnedTarget}). A redirect is followed only with {@code
 * follow_redirects}, one hop at a time, at most {@value #MAX_REDIRECTS}: each Location is made
 * absolute and parsed, checked and pinned like the caller's URL and run as a new request (a new
 * audit intent); one that is refused is reported in the answer, not followed. The hops share the
 * call's deadline. {@code insecure} is not offered: certificates are verified.
 */
public final class HttpCheckTool extends ParameterizedTool {

  public static final int MAX_REDIRECTS = 5;
  static final int DEFAULT_TIMEOUT = 10;

  /** What the deadline of one request adds to curl's own {@code --max-time}, for curl to report. */
  static final Duration GRACE = Duration.ofSeconds(2);

  /**
   * curl exit statuses that are an answer about the service, not a failure of the check: no
   * connection (7), timeout (28), TLS handshake or certificate (35, 60), a broken or empty reply
   * (8, 16, 18, 52, 55, 56, 61, 92), a peer that does not speak HTTP (1: "Received HTTP/0.9 when
   * not allowed"; the URL curl gets is always http or https, so its other meaning, an unsupported
   * protocol, cannot arise), and 6 (no address; cannot happen with the address pinned).
   */
  static final Set<Integer> ANSWERS = Set.of(0, 1, 6, 7, 8, 16, 18, 28, 35, 52, 55, 56, 60, 61, 92);

  private final CaptureScope.Resolver resolver;
  private final LongSupplier nanoTime;

  public HttpCheckTool() {
    this(CaptureScope.Resolver.SYSTEM);
  }

  /** With the resolver that turns a URL's name into the address the request is pinned to. */
  public HttpCheckTool(CaptureScope.Resolver resolver) {
    this(resolver, System::nanoTime);
  }

  HttpCheckTool(CaptureScope.Resolver resolver, LongSupplier nanoTime) {
    super(
        ToolName.HTTP_CHECK,
        ToolParameters.of(
            Param.requiredText("url", "http:// or https:// URL; its host and port must be allowed")
                .withMaxLength(HttpUrl.MAX_LENGTH),
            Param.choice("method", "HEAD (default) or GET", List.of("HEAD", "GET"), "HEAD"),
            Param.integer(
                "timeout",
                "Seconds for each request (connect and transfer)",
                DEFAULT_TIMEOUT,
                1,
                30),
            Param.integer(
                "max_bytes", "Bytes of the response body to return (GET only)", 0, 0, 65536),
            Param.flag(
                "follow_redirects",
                "Follow redirects, each hop checked like the URL (at most "
                    + MAX_REDIRECTS
                    + ")")));
    this.resolver = resolver;
    this.nanoTime = nanoTime;
  }

  @Override
  public String title() {
    return "Check an HTTP(S) endpoint";
  }

  @Override
  public String description(EffectivePolicy policy) {
    return "Send one HEAD or GET request to an http:// or https:// URL and report the status line, the"
        + " response headers (cookies and credentials redacted), timings and optionally the start of the body;"
        + " certificates are verified. Redirects are followed only with follow_redirects, each hop checked (at most "
        + MAX_REDIRECTS
        + "). The URL's host and port must be allowed: "
        + policy.hosts().describe()
        + " (an entry with a port allows only that port; http is port 80, https 443 unless the URL names one).";
  }

  @Override
  public boolean openWorld() {
    return true;
  }

  @Override
  public Map<String, Object> structuredProperties() {
    return HttpCheckAnswer.PROPERTIES;
  }

  @Override
  protected ToolPlan build(ToolArguments args, EffectivePolicy policy) {
    HttpUrl url = HttpUrl.parse(args.text("url"));
    PinnedTarget target = PinnedTarget.of(url, policy, resolver, nanoTime);
    String method = args.text("method");
    int maxBytes = method.equals("GET") ? args.integer("max_bytes") : 0;
    return plan(
        new HttpRequest(
            method, target, maxBytes, args.flag("follow_redirects"), args.integer("timeout"), 0),
        policy);
  }

  /**
   * The body goes to stdout and curl's report to stderr after it; stdout keeps at most max_bytes
   * and at most half the policy's output cap, so the report always has room.
   */
  static ToolPlan plan(HttpRequest request, EffectivePolicy policy) {
    long stdoutLimit = Math.min(request.maxBytes(), policy.limits().maxOutputBytes() / 2);
    return ToolPlan.run(CurlArgv.of(request), ExecTarget.SANDBOX, request.target().url().origin())
        .withProgress(true)
        .withTimeout(Duration.ofSeconds(request.timeoutSeconds()).plus(GRACE))
        .withStdoutLimit(stdoutLimit)
        .withContext(request);
  }

  @Override
  public Next next(List<ToolStep> steps, Duration left, EffectivePolicy policy) {
    ToolStep last = steps.get(steps.size() - 1);
    HttpRequest request = (HttpRequest) last.plan().context();
    CurlReport report = CurlReport.parse(last.result().stderr());
    if (!RedirectLocation.REDIRECTS.contains(report.status())) {
      return Next.END;
    }
    Optional<String> location = report.header("Location");
    String status = "status " + report.status();
    if (location.isEmpty()) {
      return Next.end("redirect not followed: " + status + " came without a Location header");
    }
    String to = " to " + location.get() + " not followed: ";
    if (!request.followRedirects()) {
      return Next.end("redirect" + to + "follow_redirects is false");
    }
    if (request.hop() >= MAX_REDIRECTS) {
      return Next.end("redirect" + to + "at most " + MAX_REDIRECTS + " redirects are followed");
    }
    PinnedTarget next;
    try {
      next =
          PinnedTarget.of(
              RedirectLocation.resolve(request.target().url(), location.get()),
              policy,
              resolver,
              nanoTime);
    } catch (PolicyRefusedException e) {
      return Next.end("redirect" + to + e.getMessage());
    }
    long seconds = left.minus(GRACE).toSeconds();
    if (seconds < 1) {
      return Next.end("redirect" + to + "the call's timeout is spent");
    }
    int timeout = (int) Math.min(request.timeoutSeconds(), seconds);
    return Next.run(plan(request.redirectedTo(next, timeout), policy));
  }

  @Override
  public ToolAnswer answer(List<ToolStep> steps, Next.End end) {
    return HttpCheckAnswer.of(steps, end);
  }

  @Override
  public Optional<String> failureToRun(ExecResult result) {
    if (result.timedOut() || ANSWERS.contains(result.exitCode())) {
      return Optional.empty();
    }
    return Optional.of("curl could not make the request (exit " + result.exitCode() + ")");
  }
}
