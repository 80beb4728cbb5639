package io.itmcp.gateway.http;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * A request answered without reading its whole body (a refusal, {@code /healthz} with a body)
 * closes its connection instead of keeping it: Tomcat would otherwise read and discard the rest
 * of the body on the worker thread, which a client that announces a large body and then stalls
 * holds for as long as it likes. Requests whose body is being read asynchronously are left alone;
 * they end with a body read in full, or with 408/413, which close the connection anyway.
 */
final class UnreadBodyValve extends ValveBase {

  UnreadBodyValve() {
    super(true);
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    try {
      getNext().invoke(request, response);
    } finally {
      if (!request.isAsync()) {
        AtomicBoolean fullyRead = new AtomicBoolean(true);
        request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
        if (!fullyRead.get()) {
          request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
          // say so, or a client would send its next request on a connection about to be closed
          if (!response.isCommitted()) {
            response.setHeader("Connection", "close");
          }
        }
      }
    }
  }
}
