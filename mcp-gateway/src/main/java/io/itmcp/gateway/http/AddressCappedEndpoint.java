package io.itmcp.gateway.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's NIO endpoint with a cap on the connections one client address may hold open. The check
 * runs where connections are accepted, before a byte is read: a client over the cap gets one short
 * 429 answer and its connection is closed, so it cannot use up the listener's connections with idle
 * or slow sockets. Counting scans the open connections (bounded by {@code maxConnections}) on the
 * single acceptor thread, so two accepts never race.
 */
final class AddressCappedEndpoint extends NioEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(AddressCappedEndpoint.class);
  private final int maxPerAddress;

  AddressCappedEndpoint(int maxPerAddress) {
    this.maxPerAddress = maxPerAddress;
  }

  @Override
  protected boolean setSocketOptions(SocketChannel socket) {
    if (maxPerAddress > 0) {
      String address = remoteAddress(socket);
      if (address != null && openFrom(address) >= maxPerAddress) {
        refuse(socket, address);
        return false; // the acceptor counts the connection as closed
      }
    }
    return super.setSocketOptions(socket);
  }

  private long openFrom(String address) {
    long open = 0;
    for (SocketWrapperBase<?> wrapper : getConnections()) {
      if (address.equals(wrapper.getRemoteAddr())) {
        open++;
      }
    }
    return open;
  }

  private void refuse(SocketChannel socket, String address) {
    LOG.warn(
        "refused a connection from {}: it already has {} open (--max-connections-per-address)",
        address,
        maxPerAddress);
    String body =
        HttpErrors.json(
            "refused: client address "
                + address
                + " already has "
                + maxPerAddress
                + " connections open to this gateway (rule --max-connections-per-address); close some and retry");
    String answer =
        "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length
            + "\r\nConnection: close\r\n\r\n"
            + body;
    try {
      // best effort on a fresh socket whose send buffer is empty; never wait for the client
      socket.configureBlocking(false);
      socket.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      LOG.debug("could not tell {} why its connection is closed", address, e);
    }
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("closing a refused connection from {}", address, e);
    }
  }

  private static String remoteAddress(SocketChannel socket) {
    try {
      SocketAddress remote = socket.getRemoteAddress();
      return remote instanceof InetSocketAddress inet && inet.getAddress() != null
          ? inet.getAddress().getHostAddress()
          : null;
    } catch (IOException e) {
      return null;
    }
  }
}
