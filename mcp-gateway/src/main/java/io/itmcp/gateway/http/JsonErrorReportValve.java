package io.itmcp.gateway.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders {@code sendError} answers and uncaught exceptions as a JSON-RPC error body instead of
 * Tomcat's HTML report (which names the server version and, for exceptions, prints the stack
 * trace). The exception goes to the gateway's log only.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

  private static final Logger LOG = LoggerFactory.getLogger(JsonErrorReportValve.class);

  public JsonErrorReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable failure) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    if (failure instanceof IOException) {
      // reading from or writing to the client failed: it went away
      LOG.debug("{} {}: {}", request.getMethod(), request.getRequestURI(), failure.toString());
    } else if (failure != null) {
      LOG.warn(
          "{} {} failed with HTTP {}",
          request.getMethod(),
          request.getRequestURI(),
          status,
          failure);
    }
    String message =
        failure == null
            ? ErrorMessages.clientMessage(status, response.getMessage())
            : ErrorMessages.clientMessage(status, null);
    byte[] body = HttpErrors.json(message).getBytes(StandardCharsets.UTF_8);
    try {
      response.setContentType("application/json");
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      response.finishResponse();
    } catch (IOException | IllegalStateException e) {
      LOG.debug("could not write the error body of HTTP {}", status, e);
    }
  }
}
