package io.itmcp.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The canonical form of an audit record and its chain hash. A record is a JSON object whose keys
 * are written sorted at every depth, so parsing a line and writing it again gives the same bytes;
 * {@code hash = SHA-256(prev + canonical record without "hash")}, hex.
 */
public final class AuditJson {

  public static final String GENESIS = "0".repeat(64);
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
  private static final MessageDigest SHA256 = newSha256();

  private AuditJson() {}

  public static String canonical(Map<String, Object> record) {
    try {
      return CANONICAL.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit record is not serialisable", e);
    }
  }

  public static Map<String, Object> parse(String line) throws JsonProcessingException {
    return CANONICAL.readValue(line, MAP);
  }

  /** Hash of a record that already holds {@code prev} and not yet {@code hash}. */
  public static String chainHash(String prev, Map<String, Object> recordWithoutHash) {
    return chainHash(prev, canonical(recordWithoutHash));
  }

  /** As above, of the record's canonical form. */
  public static String chainHash(String prev, String canonicalWithoutHash) {
    MessageDigest sha = sha256();
    sha.update(prev.getBytes(StandardCharsets.UTF_8));
    sha.update(canonicalWithoutHash.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha.digest());
  }

  /** A fresh SHA-256: a copy of one looked up once (the provider lookup is the slow part). */
  private static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA256.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }
}
