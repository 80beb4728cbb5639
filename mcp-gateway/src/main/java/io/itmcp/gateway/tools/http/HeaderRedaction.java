package io.itmcp.gateway.tools.http;

import io.itmcp.gateway.audit.SecretRedactor;
import java.util.Locale;

/**
 * Response header values a caller is shown; pure. {@code Set-Cookie} keeps the cookie's name and
 * its attributes ({@code Path}, {@code Secure}, {@code HttpOnly}, {@code SameSite}, expiry: what an
 * administrator checks) and loses its value; every header whose name is secret-like ({@link
 * SecretRedactor#isSecretKey}: Authorization, Proxy-Authorization, Cookie, anything with token,
 * secret, password, api key, credential, signature...) loses its whole value. Everything shown
 * still passes the runner's shape-based redaction.
 */
public final class HeaderRedaction {

  private HeaderRedaction() {}

  public static String value(String name, String value) {
    if (name.toLowerCase(Locale.ROOT).equals("set-cookie")) {
      return setCookie(value);
    }
    return SecretRedactor.isSecretKey(name) ? SecretRedactor.REDACTED : value;
  }

  static String setCookie(String value) {
    int semicolon = value.indexOf(';');
    String pair = semicolon < 0 ? value : value.substring(0, semicolon);
    String attributes = semicolon < 0 ? "" : value.substring(semicolon);
    int eq = pair.indexOf('=');
    String cookieName = eq < 0 ? "" : pair.substring(0, eq).strip();
    return (cookieName.isEmpty() ? "" : cookieName + "=") + SecretRedactor.REDACTED + attributes;
  }
}
