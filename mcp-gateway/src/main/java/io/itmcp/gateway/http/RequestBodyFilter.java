package io.itmcp.gateway.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a POST body after authentication without holding a worker thread. A body that arrived with
 * the request's head (a client's usual small request, its length declared) is taken at once and the
 * request goes on in the same dispatch. Otherwise the rest is read asynchronously (a {@link
 * ReadListener} called as bytes arrive), capped at {@code maxBodyBytes} (413) and bounded in total
 * by the request read timeout (408), both of which close the connection; with the whole body in
 * hand the request is dispatched again ({@link DispatcherType#ASYNC}). Either way the filters after
 * this one find the body in {@link #BODY_ATTRIBUTE}.
 */
final class RequestBodyFilter implements Filter {

  /** The request body as read (byte[]), set before the request is dispatched on. */
  static final String BODY_ATTRIBUTE = "io.itmcp.request-body";

  private static final Logger LOG = LoggerFactory.getLogger(RequestBodyFilter.class);

  private final int maxBodyBytes;
  private final Duration readTimeout;

  RequestBodyFilter(int maxBodyBytes, Duration readTimeout) {
    this.maxBodyBytes = maxBodyBytes;
    this.readTimeout = readTimeout;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    if (!"POST".equals(request.getMethod())
        || request.getDispatcherType() != DispatcherType.REQUEST) {
      chain.doFilter(req, res);
      return;
    }
    long declared = request.getContentLengthLong();
    if (declared > maxBodyBytes) {
      tooLarge(response);
      return;
    }
    ServletInputStream in = request.getInputStream();
    ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
    if (declared >= 0 && readWhatIsBuffered(in, body, declared)) {
      // the whole body came with the request's head: no asynchronous read, no second dispatch
      request.setAttribute(BODY_ATTRIBUTE, body.toByteArray());
      chain.doFilter(req, res);
      return;
    }
    AsyncContext async = request.startAsync(request, response);
    async.setTimeout(readTimeout.toMillis());
    BodyRead read = new BodyRead(async, in, response, body);
    async.addListener(read);
    read.in.setReadListener(read);
  }

  /**
   * Reads the body bytes the connection has already received, never waiting for more (a client that
   * stalls must not hold this thread); true when all {@code declared} bytes are in.
   */
  private static boolean readWhatIsBuffered(
      ServletInputStream in, ByteArrayOutputStream body, long declared) throws IOException {
    byte[] chunk = new byte[8192];
    while (body.size() < declared && in.available() > 0) {
      int n = in.read(chunk, 0, (int) Math.min(chunk.length, declared - body.size()));
      if (n < 0) {
        return false;
      }
      body.write(chunk, 0, n);
    }
    return body.size() == declared;
  }

  private void tooLarge(HttpServletResponse response) throws IOException {
    HttpErrors.send(
        response,
        HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
        "refused: request body larger than " + maxBodyBytes + " bytes (rule --max-body-bytes)");
  }

  /**
   * One body being read; whichever of the last byte, the cap and the deadline comes first ends it.
   */
  private final class BodyRead implements ReadListener, AsyncListener {
    private final AsyncContext async;
    private final ServletInputStream in;
    private final HttpServletResponse response;
    private final ByteArrayOutputStream body;
    private final byte[] chunk = new byte[8192];
    private final AtomicBoolean ended = new AtomicBoolean();

    /** {@code body} holds what was read before the asynchronous read began. */
    BodyRead(
        AsyncContext async,
        ServletInputStream in,
        HttpServletResponse response,
        ByteArrayOutputStream body) {
      this.async = async;
      this.in = in;
      this.response = response;
      this.body = body;
    }

    @Override
    public void onDataAvailable() throws IOException {
      try {
        readWhatArrived();
      } catch (IOException clientGone) {
        if (ended.compareAndSet(false, true)) {
          LOG.debug("the client went away while sending a request body: {}", clientGone.toString());
          async.complete();
        }
      }
    }

    private void readWhatArrived() throws IOException {
      while (!ended.get() && in.isReady()) {
        int n = in.read(chunk);
        if (n < 0) {
          return; // onAllDataRead follows
        }
        if (body.size() + n > maxBodyBytes) {
          if (ended.compareAndSet(false, true)) {
            tooLarge(response);
            async.complete();
          }
          return;
        }
        body.write(chunk, 0, n);
      }
    }

    @Override
    public void onAllDataRead() {
      if (ended.compareAndSet(false, true)) {
        async.getRequest().setAttribute(BODY_ATTRIBUTE, body.toByteArray());
        async.dispatch();
      }
    }

    @Override
    public void onError(Throwable t) {
      if (ended.compareAndSet(false, true)) {
        LOG.debug("request body not read: {}", t.toString());
        async.complete();
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) throws IOException {
      if (ended.compareAndSet(false, true)) {
        LOG.info(
            "refused a request whose body did not arrive within {}s ({} of {} bytes)",
            readTimeout.toSeconds(),
            body.size(),
            request().getContentLengthLong());
        HttpErrors.send(
            response,
            HttpServletResponse.SC_REQUEST_TIMEOUT,
            "refused: the request body did not arrive"
                + " within "
                + readTimeout.toSeconds()
                + "s (rule --request-read-timeout); send the whole body at once");
        async.complete();
      }
    }

    private HttpServletRequest request() {
      return (HttpServletRequest) async.getRequest();
    }

    @Override
    public void onComplete(AsyncEvent event) {
      // nothing held
    }

    @Override
    public void onError(AsyncEvent event) {
      ended.set(true);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      // the dispatched request may start its own asynchronous cycle; this read is over by then
    }
  }
}
