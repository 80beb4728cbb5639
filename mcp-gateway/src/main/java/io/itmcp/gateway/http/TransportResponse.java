package io.itmcp.gateway.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response as the MCP SDK's transport sees it. An error status (400 and up) set with {@code
 * setStatus} holds back what is written after it: the SDK writes its error as a serialized Java
 * exception (stack trace, library versions), which {@link #finish} replaces by a JSON-RPC error and
 * logs. A body that already is a JSON-RPC error (the gateway's own refusals) goes out unchanged. On
 * an SSE stream of a session, duplicate event ids are made unique ({@link SseEventIds}).
 */
final class TransportResponse extends HttpServletResponseWrapper {

  private static final Logger LOG = LoggerFactory.getLogger(TransportResponse.class);
  private final String sessionId;
  private int errorStatus;
  private ByteArrayOutputStream held;
  private PrintWriter heldWriter;
  private ServletOutputStream heldStream;
  private PrintWriter eventWriter;

  TransportResponse(HttpServletResponse response, String sessionId) {
    super(response);
    this.sessionId = sessionId;
  }

  @Override
  public void setStatus(int status) {
    if (status >= 400) {
      errorStatus = status;
      held = new ByteArrayOutputStream();
    } else {
      super.setStatus(status);
    }
  }

  @Override
  public int getStatus() {
    return held != null ? errorStatus : super.getStatus();
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (held != null) {
      if (heldWriter == null) {
        heldWriter = new PrintWriter(new OutputStreamWriter(held, StandardCharsets.UTF_8));
      }
      return heldWriter;
    }
    if (eventWriter == null) {
      PrintWriter real = super.getWriter();
      // SDK 2.2 takes the writer before it sets text/event-stream, so the content type cannot
      // decide; a JSON body is one line starting with '{' and never holds a line "id: <session>"
      eventWriter = sessionId != null ? new PrintWriter(new SseEventIds(real, sessionId)) : real;
    }
    return eventWriter;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (held == null) {
      return super.getOutputStream();
    }
    if (heldStream == null) {
      heldStream =
          new ServletOutputStream() {
            @Override
            public boolean isReady() {
              return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
              throw new IllegalStateException("an error answer is written at once");
            }

            @Override
            public void write(int b) {
              held.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
              held.write(b, off, len);
            }
          };
    }
    return heldStream;
  }

  @Override
  public void flushBuffer() throws IOException {
    if (held == null) {
      super.flushBuffer();
    }
  }

  @Override
  public void resetBuffer() {
    if (held != null) {
      held.reset();
    }
    super.resetBuffer();
  }

  @Override
  public void setContentLength(int length) {
    if (held == null) {
      super.setContentLength(length);
    }
  }

  @Override
  public void setContentLengthLong(long length) {
    if (held == null) {
      super.setContentLengthLong(length);
    }
  }

  /** After the transport returned: sends the held error answer, made safe. */
  void finish() throws IOException {
    if (held == null) {
      return;
    }
    if (heldWriter != null) {
      heldWriter.flush();
    }
    String written = held.toString(StandardCharsets.UTF_8);
    held = null;
    HttpServletResponse response = (HttpServletResponse) getResponse();
    if (ErrorMessages.isJsonRpcError(written)) {
      HttpErrors.sendBody(response, errorStatus, written);
      return;
    }
    ErrorMessages.ClientError error = ErrorMessages.fromSdk(errorStatus, written);
    LOG.info("the MCP transport answered HTTP {}: {}", errorStatus, ErrorMessages.logLine(written));
    HttpErrors.send(response, errorStatus, error.code(), error.message());
  }
}
