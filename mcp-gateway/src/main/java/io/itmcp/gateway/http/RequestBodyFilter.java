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
 * Reads a POST body after authentication without holding a worker thread: the read is asynchronous
 * (a {@link ReadListener} called as bytes arrive), capped at {@code maxBodyBytes} (413) and bounded
 * in total by the request read timeout (408), both of which close the connection. With the whole
 * body in hand the request is dispatched again ({@link DispatcherType#ASYNC}) to the filters after
 * this one, which find the body in {@link #BODY_ATTRIBUTE}.
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
    AsyncContext async = request.startAsync(request, response);
    async.setTimeout(readTimeout.toMillis());
    BodyRead read = new BodyRead(async, request.getInputStream(), response, declared);
    async.addListener(read);
    read.in.setReadListener(read);
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

    BodyRead(
        AsyncContext async, ServletInputStream in, HttpServletResponse response, long declared) {
      this.async = async;
      this.in = in;
      this.response = response;
      this.body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
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
