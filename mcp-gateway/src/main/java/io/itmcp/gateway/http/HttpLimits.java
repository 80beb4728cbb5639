package io.itmcp.gateway.http;

import java.time.Duration;

/**
 * How much of the HTTP listener one client may hold, and how the listener is sized. A request body
 * is read without holding a worker thread, within {@link #requestReadTimeout} in total; connections
 * per client address are capped where they are accepted, requests in progress per bearer token
 * after authentication. Zero for a cap means none.
 *
 * @param requestReadTimeout total time from the end of the request headers until the whole body has
 *     arrived; later gets 408 and the connection is closed
 * @param maxConnectionsPerAddress open connections one client address may have; further ones get
 *     429 and are closed at once (behind a proxy every client shares its address: raise or 0)
 * @param maxRequestsPerToken requests one bearer token may have in progress (open SSE streams and
 *     running calls included); further ones get 429
 * @param maxThreads worker threads: requests being handled at once, running tool calls included
 * @param maxConnections open connections in all; further ones wait in the accept queue
 * @param acceptCount connections the operating system queues while {@code maxConnections} are open
 * @param connectionTimeout how long the listener waits for the bytes of a request line or header to
 *     keep coming, and for each blocking write
 * @param keepAliveTimeout how long an idle connection is kept between requests
 * @param maxKeepAliveRequests requests served on one connection before it is closed
 * @param refusedBodyGrace how long a request refused before its small body was read waits for that
 *     body to arrive, so that the refusal reaches the client (see {@link UnreadBodyValve})
 */
public record HttpLimits(
    Duration requestReadTimeout,
    int maxConnectionsPerAddress,
    int maxRequestsPerToken,
    int maxThreads,
    int maxConnections,
    int acceptCount,
    Duration connectionTimeout,
    Duration keepAliveTimeout,
    int maxKeepAliveRequests,
    Duration refusedBodyGrace) {

  public static final Duration DEFAULT_REQUEST_READ_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 128;
  public static final int DEFAULT_MAX_REQUESTS_PER_TOKEN = 64;
  public static final int DEFAULT_MAX_THREADS = 200;
  public static final int DEFAULT_MAX_CONNECTIONS = 4096;
  public static final int DEFAULT_ACCEPT_COUNT = 100;
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(20);
  public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(20);
  public static final int DEFAULT_MAX_KEEP_ALIVE_REQUESTS = 100;
  public static final Duration DEFAULT_REFUSED_BODY_GRACE = Duration.ofSeconds(1);

  /**
   * Bytes of an unread request body Tomcat would read and discard to keep a connection open.
   * Refused requests close their connection instead (see {@link UnreadBodyValve}), so this is
   * small.
   */
  static final int MAX_SWALLOW_BYTES = 8 * 1024;

  public HttpLimits {
    positive("request read timeout", requestReadTimeout);
    positive("connection timeout", connectionTimeout);
    positive("keep-alive timeout", keepAliveTimeout);
    positive("refused body grace", refusedBodyGrace);
    atLeast("--max-connections-per-address", maxConnectionsPerAddress, 0);
    atLeast("--max-requests-per-token", maxRequestsPerToken, 0);
    atLeast("--http-threads", maxThreads, 1);
    atLeast("--max-connections", maxConnections, 1);
    atLeast("accept count", acceptCount, 1);
    atLeast("max keep-alive requests", maxKeepAliveRequests, 1);
  }

  public static HttpLimits defaults() {
    return new HttpLimits(
        DEFAULT_REQUEST_READ_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
        DEFAULT_MAX_REQUESTS_PER_TOKEN,
        DEFAULT_MAX_THREADS,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_ACCEPT_COUNT,
        DEFAULT_CONNECTION_TIMEOUT,
        DEFAULT_KEEP_ALIVE_TIMEOUT,
        DEFAULT_MAX_KEEP_ALIVE_REQUESTS,
        DEFAULT_REFUSED_BODY_GRACE);
  }

  /** The limits the serve command sets; the rest keep their defaults. */
  public static HttpLimits of(
      int requestReadTimeoutSeconds,
      int maxConnectionsPerAddress,
      int maxRequestsPerToken,
      int maxThreads,
      int maxConnections) {
    if (requestReadTimeoutSeconds < 1) {
      throw new IllegalArgumentException("--request-read-timeout must be at least 1 second");
    }
    return new HttpLimits(
        Duration.ofSeconds(requestReadTimeoutSeconds),
        maxConnectionsPerAddress,
        maxRequestsPerToken,
        maxThreads,
        maxConnections,
        DEFAULT_ACCEPT_COUNT,
        DEFAULT_CONNECTION_TIMEOUT,
        DEFAULT_KEEP_ALIVE_TIMEOUT,
        DEFAULT_MAX_KEEP_ALIVE_REQUESTS,
        DEFAULT_REFUSED_BODY_GRACE);
  }

  public HttpLimits withRequestReadTimeout(Duration timeout) {
    return new HttpLimits(
        timeout,
        maxConnectionsPerAddress,
        maxRequestsPerToken,
        maxThreads,
        maxConnections,
        acceptCount,
        connectionTimeout,
        keepAliveTimeout,
        maxKeepAliveRequests,
        refusedBodyGrace);
  }

  public HttpLimits withMaxConnectionsPerAddress(int cap) {
    return new HttpLimits(
        requestReadTimeout,
        cap,
        maxRequestsPerToken,
        maxThreads,
        maxConnections,
        acceptCount,
        connectionTimeout,
        keepAliveTimeout,
        maxKeepAliveRequests,
        refusedBodyGrace);
  }

  public HttpLimits withMaxRequestsPerToken(int cap) {
    return new HttpLimits(
        requestReadTimeout,
        maxConnectionsPerAddress,
        cap,
        maxThreads,
        maxConnections,
        acceptCount,
        connectionTimeout,
        keepAliveTimeout,
        maxKeepAliveRequests,
        refusedBodyGrace);
  }

  public HttpLimits withRefusedBodyGrace(Duration grace) {
    return new HttpLimits(
        requestReadTimeout,
        maxConnectionsPerAddress,
        maxRequestsPerToken,
        maxThreads,
        maxConnections,
        acceptCount,
        connectionTimeout,
        keepAliveTimeout,
        maxKeepAliveRequests,
        grace);
  }

  public HttpLimits withMaxThreads(int threads) {
    return new HttpLimits(
        requestReadTimeout,
        maxConnectionsPerAddress,
        maxRequestsPerToken,
        threads,
        maxConnections,
        acceptCount,
        connectionTimeout,
        keepAliveTimeout,
        maxKeepAliveRequests,
        refusedBodyGrace);
  }

  private static void positive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
  }

  private static void atLeast(String what, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(what + " must be at least " + min + ", not " + value);
    }
  }
}
