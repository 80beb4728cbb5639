package io.itmcp.gateway.runtime.kubernetes;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only stand-in for the API server's exec endpoint on loopback: answers GET of a pod with a
 * running pod, upgrades any WebSocket request (an exec), then stays silent like a quiet tcpdump,
 * counts the client's ping frames and answers each with a pong. Plain sockets, so nothing between
 * the client and this count could add or swallow pings.
 */
final class PingCountingApiServer implements AutoCloseable {
  private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket server;
  private final AtomicInteger pings = new AtomicInteger();
  private final AtomicInteger upgrades = new AtomicInteger();
  private final AtomicInteger closes = new AtomicInteger();
  private final Thread acceptor;

  PingCountingApiServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "ping-counting-api-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  int pings() {
    return pings.get();
  }

  int upgrades() {
    return upgrades.get();
  }

  /** WebSockets the client closed with a close frame. */
  int closes() {
    return closes.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread handler = new Thread(() -> handle(socket), "ping-counting-connection");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void handle(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (true) {
        Map<String, String> headers = new LinkedHashMap<>();
        String requestLine = readHead(in, headers);
        if (requestLine == null) {
          return;
        }
        if ("websocket".equalsIgnoreCase(headers.get("upgrade"))) {
          upgrade(headers, out);
          frames(new DataInputStream(in), out);
          return;
        }
        String path = requestLine.split(" ")[1];
        byte[] body =
            path.matches("/api/v1/namespaces/[^/]+/pods/[^/?]+")
                ? pod(path.substring(path.lastIndexOf('/') + 1)).getBytes(StandardCharsets.UTF_8)
                : "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404}"
                    .getBytes(StandardCharsets.UTF_8);
        String status = body.length > 0 && path.contains("/pods/") ? "200 OK" : "404 Not Found";
        out.write(
            ("HTTP/1.1 "
                    + status
                    + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      // the client went away
    }
  }

  private static String pod(String name) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\""
        + name
        + "\",\"namespace\":\"ns\"},"
        + "\"spec\":{\"containers\":[{\"name\":\"sandbox\",\"image\":\"img:1\"}]},\"status\":{\"phase\":\"Running\"}}";
  }

  private void upgrade(Map<String, String> headers, OutputStream out) throws IOException {
    String accept;
    try {
      accept =
          Base64.getEncoder()
              .encodeToString(
                  MessageDigest.getInstance("SHA-1")
                      .digest(
                          (headers.get("sec-websocket-key") + WEBSOCKET_GUID)
                              .getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String offered = headers.getOrDefault("sec-websocket-protocol", "");
    String chosen = "";
    for (String protocol : offered.split(",")) {
      if (protocol.strip().startsWith("v4.")) {
        chosen = protocol.strip();
      }
    }
    out.write(
        ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: "
                + accept
                + "\r\n"
                + (chosen.isEmpty() ? "" : "Sec-WebSocket-Protocol: " + chosen + "\r\n")
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    upgrades.incrementAndGet();
  }

  /** Reads client frames (always masked) until a close; pings are counted and ponged. */
  private void frames(DataInputStream in, OutputStream out) throws IOException {
    while (true) {
      int first = in.readUnsignedByte();
      int second = in.readUnsignedByte();
      int opcode = first & 0x0f;
      long length = second & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] mask = new byte[4];
      if ((second & 0x80) != 0) {
        in.readFully(mask);
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i % 4];
      }
      if (opcode == 0x9) {
        pings.incrementAndGet();
        send(out, 0xA, payload);
      } else if (opcode == 0x8) {
        send(out, 0x8, payload);
        closes.incrementAndGet();
        return;
      }
    }
  }

  private static synchronized void send(OutputStream out, int opcode, byte[] payload)
      throws IOException {
    out.write(0x80 | opcode);
    out.write(payload.length);
    out.write(payload);
    out.flush();
  }

  private static String readHead(InputStream in, Map<String, String> headers) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while (matched < 4 && (b = in.read()) != -1) {
      head.write(b);
      matched = (b == '\r' || b == '\n') ? (matched + 1) : 0;
    }
    if (matched < 4) {
      return null;
    }
    String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
    }
    return lines[0];
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
