package io.itmcp.gateway.tools.network;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Turns the PEM certificates a sandboxed {@code openssl s_client} printed into the fields
 * tls_check_tool reports, with the JDK's {@link CertificateFactory} (X.509): no ASN.1 is parsed
 * here. A block the JDK refuses is reported as unreadable, not guessed at. The texts taken from a
 * certificate (names, SANs) are the server's: control and other invisible characters are shown as
 * {@code \\uXXXX} and every text and list is bounded.
 */
final class CertificateChainReader {

  static final int MAX_TEXT = 1024;
  static final int MAX_NAMES = 100;

  private final Clock clock;

  CertificateChainReader(Clock clock) {
    this.clock = clock;
  }

  /** One entry per PEM block, leaf first as the server sent them. */
  List<Map<String, Object>> read(List<String> pemBlocks) {
    List<Map<String, Object>> chain = new ArrayList<>();
    for (String pem : pemBlocks) {
      chain.add(readOne(pem));
    }
    return chain;
  }

  private Map<String, Object> readOne(String pem) {
    X509Certificate cert;
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      cert =
          (X509Certificate)
              factory.generateCertificate(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException | RuntimeException e) {
      return Map.of(
          "unreadable", visible("the JDK could not read this certificate: " + e.getMessage()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("subject", visible(cert.getSubjectX500Principal().getName(X500Principal.RFC2253)));
    out.put("issuer", visible(cert.getIssuerX500Principal().getName(X500Principal.RFC2253)));
    out.put("subjectAltNames", subjectAltNames(cert));
    Instant notBefore = cert.getNotBefore().toInstant();
    Instant notAfter = cert.getNotAfter().toInstant();
    out.put("notBefore", notBefore.toString());
    out.put("notAfter", notAfter.toString());
    out.put(
        "daysLeft",
        Math.floorDiv(Duration.between(clock.instant(), notAfter).toSeconds(), 86_400L));
    out.put("keyType", cert.getPublicKey().getAlgorithm());
    keySize(cert.getPublicKey()).ifPresent(bits -> out.put("keySize", bits));
    out.put("signatureAlgorithm", cert.getSigAlgName());
    out.put("serialNumber", cert.getSerialNumber().toString(16));
    out.put("selfIssued", cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal()));
    out.put("sha256", fingerprint(cert));
    return out;
  }

  private static List<String> subjectAltNames(X509Certificate cert) {
    Collection<List<?>> names;
    try {
      names = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return List.of("unreadable: " + visible(e.getMessage()));
    }
    List<String> out = new ArrayList<>();
    if (names == null) {
      return out;
    }
    for (List<?> name : names) {
      if (out.size() >= MAX_NAMES) {
        out.add("... (more than " + MAX_NAMES + ")");
        break;
      }
      Object type = name.get(0);
      Object value = name.get(1);
      String label =
          switch (type instanceof Integer i ? i : -1) {
            case 1 -> "email";
            case 2 -> "DNS";
            case 6 -> "URI";
            case 7 -> "IP";
            default -> "type " + type;
          };
      out.add(label + ":" + (value instanceof String s ? visible(s) : "(binary)"));
    }
    return out;
  }

  private static Optional<Integer> keySize(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return Optional.of(rsa.getModulus().bitLength());
    }
    if (key instanceof ECPublicKey ec) {
      return Optional.of(ec.getParams().getCurve().getField().getFieldSize());
    }
    if (key instanceof DSAPublicKey dsa && dsa.getParams() != null) {
      return Optional.of(dsa.getParams().getP().bitLength());
    }
    if (key instanceof EdECPublicKey ed) {
      return Optional.of(ed.getParams().getName().equalsIgnoreCase("Ed448") ? 456 : 255);
    }
    return Optional.empty();
  }

  private static String fingerprint(X509Certificate cert) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
      return "(unavailable)";
    }
  }

  /** The server's text with control, format and other invisible characters escaped, and bounded. */
  static String visible(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(MAX_TEXT)
        .forEach(
            cp -> {
              int type = Character.getType(cp);
              boolean invisible =
                  Character.isISOControl(cp)
                      || type == Character.FORMAT
                      || type == Character.PRIVATE_USE
                      || type == Character.SURROGATE
                      || type == Character.UNASSIGNED
                      || type == Character.LINE_SEPARATOR
                      || type == Character.PARAGRAPH_SEPARATOR;
              if (invisible) {
                out.append(String.format("\\u%04X", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    if (text.codePointCount(0, text.length()) > MAX_TEXT) {
      out.append("... (cut at ").append(MAX_TEXT).append(" characters)");
    }
    return out.toString();
  }
}
