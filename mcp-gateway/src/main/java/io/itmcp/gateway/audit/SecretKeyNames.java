package io.itmcp.gateway.audit;

import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether an argument name names a secret. Names are normalised first so that spelling
 * games do not hide one: Unicode compatibility forms folded (NFKC: full-width letters, ligatures),
 * Cyrillic and Greek letters that look like Latin ones mapped to them, case folded, and every
 * separator or invisible character dropped ({@code PASS-WORD}, {@code pass word}, {@code pаssword}
 * with a Cyrillic a, {@code ssh_key} all normalise to a secret word).
 */
public final class SecretKeyNames {

  /** A normalised name containing one of these is a secret. */
  private static final List<String> CONTAINED =
      List.of(
          "password",
          "passwd",
          "passphrase",
          "pwd",
          "secret",
          "token",
          "apikey",
          "accesskey",
          "privatekey",
          "sshkey",
          "credential",
          "authorization",
          "bearer",
          "cookie",
          "accountkey",
          "sharedaccesskey",
          "signature");

  /**
   * A normalised name equal to one of these is a secret (as parts of longer names they mean too
   * much else).
   */
  private static final Set<String> EXACT =
      Set.of("pass", "key", "auth", "sig", "pin", "otp", "privkey");

  private static final Map<Character, Character> LOOK_ALIKES = lookAlikes();

  private SecretKeyNames() {}

  public static boolean isSecret(String key) {
    String n = normalise(key);
    return EXACT.contains(n) || CONTAINED.stream().anyMatch(n::contains);
  }

  /** NFKC, look-alikes to Latin, lower case, only {@code [a-z0-9]} kept. */
  public static String normalise(String key) {
    String folded = Normalizer.normalize(key, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(folded.length());
    for (int i = 0; i < folded.length(); i++) {
      char c = LOOK_ALIKES.getOrDefault(folded.charAt(i), folded.charAt(i));
      char lower = Character.toLowerCase(c);
      if (lower >= 'a' && lower <= 'z' || lower >= '0' && lower <= '9') {
        out.append(lower);
      }
    }
    return out.toString();
  }

  private static Map<Character, Character> lookAlikes() {
    // Cyrillic, then Greek: letters that render like a Latin letter in common fonts
    String from = "аАвВеЕіІјЈкКмМнНоОрРсСтТуУхХѕЅԁһԛԝёЁ" + "αΑβΒεΕζΖηΗιΙκΚμΜνΝοΟρΡτΤυΥχΧ";
    String to = "aabbeeiijjkkmmhhooppcctty" + "yxxssdhqwee" + "aabbeezznhiikkmmvnooppttuyxx";
    if (from.length() != to.length()) {
      throw new IllegalStateException(
          "look-alike table out of step: " + from.length() + " vs " + to.length());
    }
    Map<Character, Character> map = new java.util.HashMap<>();
    for (int i = 0; i < from.length(); i++) {
      map.put(from.charAt(i), to.charAt(i));
    }
    return Map.copyOf(map);
  }
}
