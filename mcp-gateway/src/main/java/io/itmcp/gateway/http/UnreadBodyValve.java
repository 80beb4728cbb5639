package io.itmcp.gateway.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.net.ApplicationBufferHandler;

/**
 * A request answered without reading its whole body (a refusal, {@code /healthz} with a body)
 * closes its connection instead of keeping it: Tomcat would otherwise read and discard the rest of
 * the body on the worker thread, which a client that announces a large body and then stalls holds
 * for as long as it likes. Requests whose body is being read asynchronously are left alone; they
 * end with a body read in full, or with 408/413, which close the connection anyway.
 *
 * <p>One exception keeps refusals readable: a small body ({@value #SMALL_BODY_BYTES} bytes at most)
 * that arrives within the grace ({@link HttpLimits#refusedBodyGrace()}) is read and dropped, and
 * the connection stays. A socket closed with unread input answers the client's late body bytes with
 * a TCP reset, and a reset discards the answer the client had not read yet: an MCP client that
 * sends its headers and its small body in two writes (the JDK's HTTP client does) would see "no
 * bytes" instead of the 401 whose {@code WWW-Authenticate} starts its OAuth flow, or the 404 that
 * says its session ended. The grace bounds what a stalled client holds: one worker for at most that
 * long.
 *
 * <p>The body is drained through the connector, not the servlet stream: Tomcat closes a request's
 * servlet stream once its response holds all the bytes a Content-Length announced, and a read there
 * then fails with "Stream closed". {@link HttpErrors} answers announce no length and stay
 * uncommitted until the request ends, so the {@code Connection: close} set here reaches the client
 * whenever this valve closes a connection after one.
 */
final class UnreadBodyValve extends ValveBase {

  static final int SMALL_BODY_BYTES = 16 * 1024;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Duration smallBodyGrace;

  UnreadBodyValve(Duration smallBodyGrace) {
    super(true);
    this.smallBodyGrace = smallBodyGrace;
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    // Only the request as it arrives decides: an asynchronous dispatch follows a body read in full
    // (RequestBodyFilter), and by the time it returns its response may be complete and the
    // connection already serving the next request, whose body this must not judge.
    boolean arriving = request.getDispatcherType() == DispatcherType.REQUEST;
    try {
      getNext().invoke(request, response);
    } finally {
      if (arriving && !request.isAsync() && !fullyRead(request) && !drainedSmallBody(request)) {
        request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        // say so, or a client would send its next request on a connection about to be closed
        if (!response.isCommitted()) {
          response.setHeader("Connection", "close");
        }
      }
    }
  }

  private static boolean fullyRead(Request request) {
    AtomicBoolean fullyRead = new AtomicBoolean(true);
    request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
    return fullyRead.get();
  }

  /**
   * Bytes received and not yet read, after a non-blocking read from the socket (the servlet
   * stream's {@code available()} never reads from the socket outside asynchronous I/O).
   */
  private static int receivedUnread(Request request) {
    request.getCoyoteRequest().action(ActionCode.AVAILABLE, Boolean.TRUE);
    return request.getCoyoteRequest().getAvailable();
  }

  /**
   * Reads only bytes already received (never a blocking read), until the body ends or the grace is
   * over.
   */
  private boolean drainedSmallBody(Request request) {
    long declared = request.getContentLengthLong();
    if (declared < 0 || declared > SMALL_BODY_BYTES) {
      return false;
    }
    long deadline = System.nanoTime() + smallBodyGrace.toNanos();
    org.apache.coyote.Request received = request.getCoyoteRequest();
    Dropped dropped = new Dropped();
    try {
      while (!fullyRead(request)) {
        if (receivedUnread(request) > 0) {
          // bytes are in the connector's buffer: this read returns them without waiting
          if (received.doRead(dropped) < 0) {
            return fullyRead(request);
          }
        } else if (System.nanoTime() - deadline >= 0) {
          return false;
        } else {
          LockSupport.parkNanos(POLL_NANOS);
        }
      }
      return true;
    } catch (IOException | IllegalStateException unreadable) {
      // a broken connection: close it as for any unread body
      return false;
    }
  }

  /** Where the connector puts the bytes it hands over; they are dropped. */
  private static final class Dropped implements ApplicationBufferHandler {
    private ByteBuffer buffer = ApplicationBufferHandler.EMPTY_BUFFER;

    @Override
    public void setByteBuffer(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public ByteBuffer getByteBuffer() {
      return buffer;
    }

    @Override
    public void expand(int size) {
      // nothing is kept
    }
  }
}
