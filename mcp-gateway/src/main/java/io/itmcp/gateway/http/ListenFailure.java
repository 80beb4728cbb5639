package io.itmcp.gateway.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/** Why the HTTP listener cannot start, in words a user can act on. */
public final class ListenFailure extends IOException {

  private static final long serialVersionUID = 1L;

  private ListenFailure(String message) {
    super(message);
  }

  /**
   * Binds the address once and lets it go: what stops the listener, if anything. Checked before
   * Tomcat starts (whose own bind failure is a logged stack trace, after which it carries on) and
   * again if its connector did not start.
   */
  static Optional<ListenFailure> probe(String host, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(host, port));
      return Optional.empty();
    } catch (BindException e) {
      String reason = String.valueOf(e.getMessage());
      if (reason.contains("in use")) {
        return Optional.of(
            new ListenFailure(
                "port "
                    + port
                    + " is in use on "
                    + host
                    + "; stop what listens there"
                    + " or choose another port with --http HOST:PORT"));
      }
      return Optional.of(
          new ListenFailure("cannot listen on " + host + ":" + port + ": " + reason));
    } catch (IOException | RuntimeException e) {
      return Optional.of(
          new ListenFailure("cannot listen on " + host + ":" + port + ": " + e.getMessage()));
    }
  }

  /** The connector did not start: the probe's reason, or a pointer to Tomcat's log. */
  static ListenFailure explain(String host, int port) {
    return probe(host, port)
        .orElseGet(
            () ->
                new ListenFailure(
                    "the HTTP listener on "
                        + host
                        + ":"
                        + port
                        + " did not start; the log above says why"));
  }
}
