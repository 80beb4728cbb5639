package io.itmcp.gateway.tools.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code openssl s_client -showcerts} printed, split into the parts tls_check_tool reports
 * (pure). The text comes from the sandbox and the server's certificates from a peer nobody here
 * controls: every field is matched against a strict pattern, bounded, and left empty when absent.
 * The certificates themselves are only cut out as PEM here; {@link CertificateChainReader} parses
 * them with the JDK.
 */
record TlsClientOutput(
    Optional<String> protocol,
    Optional<String> cipher,
    OptionalInt verifyCode,
    Optional<String> verifyReason,
    List<String> pemCertificates) {

  /** A chain longer than this is not read further (real chains have 2 to 4 certificates). */
  static final int MAX_CERTIFICATES = 10;

  /**
   * A PEM block longer than this is not a certificate we read (a large RSA certificate is about 2
   * KB).
   */
  static final int MAX_PEM_CHARS = 65_536;

  static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  static final String END = "-----END CERTIFICATE-----";

  // "New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384"; "(NONE)" when no handshake completed
  private static final Pattern NEW_SESSION =
      Pattern.compile(
          "^New, (TLSv1(?:\\.[0-3])?|SSLv3|DTLSv1(?:\\.2)?), Cipher is ([A-Za-z0-9_-]{1,64})$",
          Pattern.MULTILINE);
  private static final Pattern SESSION_PROTOCOL =
      Pattern.compile("^\\s+Protocol\\s+: (TLSv1(?:\\.[0-3])?|SSLv3)$", Pattern.MULTILINE);
  private static final Pattern SESSION_CIPHER =
      Pattern.compile("^\\s+Cipher\\s+: ([A-Za-z0-9_-]{1,64})$", Pattern.MULTILINE);
  private static final Pattern VERIFY =
      Pattern.compile(
          "^\\s*Verify return code: ([0-9]{1,4}) \\(([ -~]{1,200})\\)$", Pattern.MULTILINE);

  TlsClientOutput {
    pemCertificates = List.copyOf(pemCertificates);
  }

  static TlsClientOutput read(String stdout) {
    Optional<String> protocol = Optional.empty();
    Optional<String> cipher = Optional.empty();
    Matcher session = NEW_SESSION.matcher(stdout);
    if (session.find()) {
      protocol = Optional.of(session.group(1));
      cipher = Optional.of(session.group(2));
    } else {
      protocol = first(SESSION_PROTOCOL, stdout);
      cipher = first(SESSION_CIPHER, stdout).filter(c -> !c.equals("0000"));
    }
    OptionalInt code = OptionalInt.empty();
    Optional<String> reason = Optional.empty();
    Matcher verify = VERIFY.matcher(stdout);
    if (verify.find()) {
      code = OptionalInt.of(Integer.parseInt(verify.group(1)));
      reason = Optional.of(verify.group(2));
    }
    return new TlsClientOutput(protocol, cipher, code, reason, pemBlocks(stdout));
  }

  /**
   * Whether a handshake completed: a cipher was agreed ("New, (NONE), Cipher is (NONE)" when not).
   * Read from the session lines only, which the text filter keeps, so that the filtered output
   * tells the same.
   */
  boolean handshakeCompleted() {
    return cipher.isPresent();
  }

  private static Optional<String> first(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static List<String> pemBlocks(String stdout) {
    List<String> blocks = new ArrayList<>();
    int from = 0;
    while (blocks.size() < MAX_CERTIFICATES) {
      int begin = stdout.indexOf(BEGIN, from);
      if (begin < 0) {
        break;
      }
      int end = stdout.indexOf(END, begin);
      if (end < 0) {
        break; // cut at the output cap: the last certificate is incomplete
      }
      end += END.length();
      if (end - begin <= MAX_PEM_CHARS) {
        blocks.add(stdout.substring(begin, end));
      }
      from = end;
    }
    return blocks;
  }

  /**
   * stdout for the text result: each PEM block replaced by one line (the chain is in
   * structuredContent), and the session's secrets left out: with TLS 1.2 s_client prints the
   * session's master key, and with either version the session id and ticket, which nobody checking
   * a certificate needs and no log should keep.
   */
  static String forText(String stdout) {
    StringBuilder out = new StringBuilder();
    boolean inTicket = false;
    for (String line : withoutPem(stdout).split("\n", -1)) {
      if (inTicket) {
        if (TICKET_DUMP.matcher(line).matches()) {
          continue;
        }
        inTicket = false;
      }
      if (line.startsWith("    TLS session ticket:")) {
        inTicket = true;
        out.append(line).append(" (left out)\n");
        continue;
      }
      if (SESSION_SECRET.matcher(line).find()) {
        out.append(line, 0, line.indexOf(':') + 1).append(" (left out)\n");
        continue;
      }
      out.append(line).append('\n');
    }
    return out.substring(0, Math.max(0, out.length() - 1));
  }

  private static final Pattern SESSION_SECRET =
      Pattern.compile(
          "^\\s*(Master-Key|Session-ID|Session-ID-ctx|Resumption PSK|PSK identity|SRP username):");
  // "    0000 - 1a 2b ... " lines of the ticket dump
  private static final Pattern TICKET_DUMP = Pattern.compile("^\\s+[0-9a-f]{4} - .*$");

  static String withoutPem(String stdout) {
    StringBuilder out = new StringBuilder();
    int from = 0;
    int n = 0;
    while (true) {
      int begin = stdout.indexOf(BEGIN, from);
      if (begin < 0) {
        break;
      }
      int end = stdout.indexOf(END, begin);
      out.append(stdout, from, begin);
      if (end < 0) {
        out.append("[an incomplete certificate, cut at the output cap]\n");
        return out.toString();
      }
      out.append("[certificate ").append(n++).append(": PEM in structuredContent.chain]");
      from = end + END.length();
    }
    return out.append(stdout.substring(from)).toString();
  }
}
