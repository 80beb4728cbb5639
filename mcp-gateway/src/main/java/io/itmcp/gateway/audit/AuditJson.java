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
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(prev.getBytes(StandardCharsets.UTF_8));
      sha.update(canonical(recordWithoutHash).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }
}
