package io.itmcp.gateway.http;

import io.itmcp.gateway.auth.BearerTokenAuthenticator;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After authentication: at most {@code maxPerToken} requests of one bearer token in progress at
 * once — a request counts from here until Tomcat is done with it, its asynchronous part (body read,
 * SSE stream, running call) included, or, for a POST, until its JSON-RPC answer is about to be
 * written: a client that sends its next request as soon as it has the answer must not find the
 * previous one still counted while Tomcat finishes the stream ({@link AnswerReleasesSlot}). Further
 * requests get 429 and their connection is closed. Tokens are held as SHA-256 digests; only
 * authenticated tokens are counted, so made-up tokens cannot fill the table.
 */
final class TokenConcurrencyFilter implements Filter, ServletRequestListener {

  private static final String COUNTED_ATTRIBUTE = "io.itmcp.token-counted";
  private static final Logger LOG = LoggerFactory.getLogger(TokenConcurrencyFilter.class);
  private final int maxPerToken;
  private final Map<String, Integer> inProgress = new ConcurrentHashMap<>();

  TokenConcurrencyFilter(int maxPerToken) {
    this.maxPerToken = maxPerToken;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    Optional<String> token = BearerAuthFilter.bearerToken(request.getHeader("Authorization"));
    if (maxPerToken <= 0 || token.isEmpty() || request.getAttribute(COUNTED_ATTRIBUTE) != null) {
      chain.doFilter(req, res);
      return;
    }
    String key = HexFormat.of().formatHex(BearerTokenAuthenticator.sha256(token.get()));
    boolean[] admitted = new boolean[1];
    inProgress.compute(
        key,
        (k, n) -> {
          int now = n == null ? 0 : n;
          admitted[0] = now < maxPerToken;
          return admitted[0] ? now + 1 : (now == 0 ? null : now);
        });
    if (!admitted[0]) {
      LOG.warn(
          "refused a request of {}: its token has {} requests in progress (--max-requests-per-token)",
          request.getAttribute(BearerAuthFilter.IDENTITY_ATTRIBUTE),
          maxPerToken);
      HttpErrors.send(
          (HttpServletResponse) res,
          429,
          "refused: this token already has "
              + maxPerToken
              + " requests in progress (rule --max-requests-per-token); wait for one to finish");
      return;
    }
    Slot slot = new Slot(key);
    request.setAttribute(COUNTED_ATTRIBUTE, slot);
    chain.doFilter(
        req,
        "POST".equals(request.getMethod())
            ? new AnswerReleasesSlot((HttpServletResponse) res, slot::release)
            : res);
  }

  /** Called by Tomcat once the request is over, after its asynchronous part if it had one. */
  @Override
  public void requestDestroyed(ServletRequestEvent event) {
    if (event.getServletRequest().getAttribute(COUNTED_ATTRIBUTE) instanceof Slot slot) {
      slot.release();
    }
  }

  /** One counted request; released once, at its answer or when Tomcat is done with it. */
  private final class Slot {
    private final String key;
    private final AtomicBoolean released = new AtomicBoolean();

    Slot(String key) {
      this.key = key;
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        inProgress.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
      }
    }
  }

  /** Requests in progress of the token with this SHA-256 digest. */
  int inProgress(String tokenDigest) {
    return inProgress.getOrDefault(tokenDigest, 0);
  }
}
