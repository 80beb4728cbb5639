package io.itmcp.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.auth.BearerTokenAuthenticator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-token count of requests in progress: a POST stops counting just before its JSON-RPC
 * answer is written, so a client that sends its next request as soon as it reads the answer is
 * never refused for the one Tomcat is still finishing (the gateway benchmark's 32 sessions, each
 * with its GET stream, got 429 at the default cap of 64); everything else counts until Tomcat is
 * done with it.
 */
class TokenConcurrencyFilterTest {

  private static final String TOKEN = "token-of-alice";
  private static final String DIGEST =
      HexFormat.of().formatHex(BearerTokenAuthenticator.sha256(TOKEN));
  private static final String PROGRESS =
      "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
          + "\"params\":{\"progressToken\":1,\"progress\":1}}\n";
  private static final String ANSWER =
      "data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[]}}\n";

  private final TokenConcurrencyFilter filter = new TokenConcurrencyFilter(2);

  @Test
  void aPostStopsCountingJustBeforeItsAnswerIsWritten() throws Exception {
    HttpServletRequest post = request("POST");
    List<String> countWhenWritten = new ArrayList<>();
    StringWriter sent = new StringWriter();
    filter.doFilter(
        post,
        response(sent, countWhenWritten),
        chain(
            res -> {
              PrintWriter w = res.getWriter();
              w.write("event: message\n");
              w.write(PROGRESS);
              w.write("\n");
              w.flush();
              assertThat(filter.inProgress(DIGEST)).as("counted while the call runs").isEqualTo(1);
              w.write("event: message\n");
              w.write(ANSWER);
              w.write("\n");
              w.flush();
            }));

    assertThat(countWhenWritten)
        .as("the count when each line reached the client")
        .containsExactly(
            "1 event: message",
            "1 " + PROGRESS.strip(),
            "1 ",
            "1 event: message",
            "0 " + ANSWER.strip(),
            "0 ");
    assertThat(sent.toString())
        .as("every byte passes unchanged")
        .isEqualTo("event: message\n" + PROGRESS + "\nevent: message\n" + ANSWER + "\n");

    filter.requestDestroyed(event(post));
    assertThat(filter.inProgress(DIGEST)).as("released once, not twice").isZero();
  }

  @Test
  void aReleasedAnswerDoesNotReleaseAnotherRequestOfTheTokenWhenTomcatFinishes() throws Exception {
    HttpServletRequest stream = request("GET");
    filter.doFilter(stream, response(new StringWriter(), new ArrayList<>()), chain(res -> {}));
    HttpServletRequest post = request("POST");
    filter.doFilter(
        post,
        response(new StringWriter(), new ArrayList<>()),
        chain(res -> res.getWriter().write(ANSWER)));
    assertThat(filter.inProgress(DIGEST)).as("the GET stream still counts").isEqualTo(1);

    filter.requestDestroyed(event(post));
    assertThat(filter.inProgress(DIGEST)).isEqualTo(1);
    filter.requestDestroyed(event(stream));
    assertThat(filter.inProgress(DIGEST)).isZero();
  }

  @Test
  void aGetStreamCountsUntilTomcatIsDoneEvenWhenAnAnswerPassesOnIt() throws Exception {
    HttpServletRequest stream = request("GET");
    filter.doFilter(
        stream,
        response(new StringWriter(), new ArrayList<>()),
        chain(res -> res.getWriter().write(ANSWER)));
    assertThat(filter.inProgress(DIGEST)).isEqualTo(1);
    filter.requestDestroyed(event(stream));
    assertThat(filter.inProgress(DIGEST)).isZero();
  }

  @Test
  void aPostWithoutAnAnswerCountsUntilTomcatIsDone() throws Exception {
    HttpServletRequest post = request("POST");
    filter.doFilter(
        post,
        response(new StringWriter(), new ArrayList<>()),
        chain(res -> res.getWriter().write(PROGRESS)));
    assertThat(filter.inProgress(DIGEST)).isEqualTo(1);
    filter.requestDestroyed(event(post));
    assertThat(filter.inProgress(DIGEST)).isZero();
  }

  @Test
  void answersAreResultsOrErrorsWithAnIdAndNoMethod() {
    assertThat(AnswerReleasesSlot.isAnswer(ANSWER)).isTrue();
    assertThat(AnswerReleasesSlot.isAnswer("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"error\":{}}"))
        .as("a JSON body")
        .isTrue();
    assertThat(AnswerReleasesSlot.isAnswer(PROGRESS)).as("a notification").isFalse();
    assertThat(
            AnswerReleasesSlot.isAnswer(
                "data: {\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"elicitation/create\"}"))
        .as("a request to the client")
        .isFalse();
    assertThat(AnswerReleasesSlot.isAnswer("data: {\"jsonrpc\":\"2.0\",\"id\":3,\"res"))
        .as("half a line")
        .isFalse();
    assertThat(AnswerReleasesSlot.isAnswer("id: s_1")).isFalse();
  }

  private interface Body {
    void write(HttpServletResponse response) throws Exception;
  }

  private static FilterChain chain(Body body) {
    return (req, res) -> {
      try {
        body.write((HttpServletResponse) res);
      } catch (RuntimeException | java.io.IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private static HttpServletRequest request(String method) {
    Map<String, Object> attributes = new HashMap<>();
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            TokenConcurrencyFilterTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, m, args) ->
                switch (m.getName()) {
                  case "getMethod" -> method;
                  case "getHeader" -> "Authorization".equals(args[0]) ? "Bearer " + TOKEN : null;
                  case "getAttribute" -> attributes.get((String) args[0]);
                  case "setAttribute" -> attributes.put((String) args[0], args[1]);
                  default -> throw new UnsupportedOperationException(m.getName());
                });
  }

  /** A response whose writer notes, for each line, the token's count as the line went out. */
  private HttpServletResponse response(StringWriter sent, List<String> countWhenWritten) {
    PrintWriter writer =
        new PrintWriter(
            new java.io.Writer() {
              @Override
              public void write(char[] chars, int off, int len) {
                // the filter passes the transport's text on a line per write
                String line = new String(chars, off, len);
                sent.write(line);
                countWhenWritten.add(filter.inProgress(DIGEST) + " " + line.strip());
              }

              @Override
              public void flush() {}

              @Override
              public void close() {}
            });
    return (HttpServletResponse)
        Proxy.newProxyInstance(
            TokenConcurrencyFilterTest.class.getClassLoader(),
            new Class<?>[] {HttpServletResponse.class},
            (proxy, m, args) ->
                switch (m.getName()) {
                  case "getWriter" -> writer;
                  default -> throw new UnsupportedOperationException(m.getName());
                });
  }

  private static ServletRequestEvent event(HttpServletRequest request) {
    ServletContext context =
        (ServletContext)
            Proxy.newProxyInstance(
                TokenConcurrencyFilterTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class},
                (proxy, m, args) -> {
                  throw new UnsupportedOperationException(m.getName());
                });
    return new ServletRequestEvent(context, request);
  }
}
