package io.itmcp.gateway.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Why the HTTP listener could not start, in words a user can act on. */
public final class ListenFailure extends IOException {

  private static final long serialVersionUID = 1L;

  private ListenFailure(String message) {
    super(message);
  }

  /** Tomcat logs the bind failure and carries on; binding once more tells which one it was. */
  static ListenFailure explain(String host, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(host, port));
    } catch (BindException e) {
      String reason = String.valueOf(e.getMessage());
      if (reason.contains("in use")) {
        return new ListenFailure("port " + port + " is in use on " + host + "; stop what listens there or choose"
            + " another port with --http HOST:PORT");
      }
      return new ListenFailure("cannot listen on " + host + ":" + port + ": " + reason);
    } catch (IOException | RuntimeException e) {
      return new ListenFailure("cannot listen on " + host + ":" + port + ": " + e.getMessage());
    }
    return new ListenFailure("the HTTP listener on " + host + ":" + port + " did not start; the log above says why");
  }
}
