package io.itmcp.gateway.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.itmcp.gateway.auth.Authenticator;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.auth.OAuthResource;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts OAuth 2.1 access tokens that are JWTs signed by the configured issuer (Nimbus JOSE+JWT
 * does every check): signature by a key of the issuer's JWKS with an asymmetric algorithm only
 * ({@code none} and HMAC are refused, so a public key can never serve as a shared secret), {@code
 * iss} exactly the issuer, {@code aud} containing this gateway, {@code exp}/{@code nbf} within
 * {@link OidcSettings#CLOCK_SKEW}, the username claim present and the required scopes granted. The
 * JWKS is cached and fetched again when a token names an unknown {@code kid}, at most once per
 * {@link OidcSettings#jwksRefreshInterval()}, so key rotation is picked up without letting callers
 * make us hammer the issuer.
 *
 * <p>Opaque (non-JWT) tokens are sent to the issuer's RFC 7662 {@code introspection_endpoint} with
 * the gateway's client credentials when both are configured and refused otherwise; the introspected
 * claims get the same checks.
 *
 * <p>The token is never logged and never passed on; refusals log the rule that failed.
 */
public final class OidcAuthenticator implements Authenticator, OAuthResource {

  private static final Logger LOG = LoggerFactory.getLogger(OidcAuthenticator.class);

  /** RSA (RS*, PS*) and EC (ES*) signatures. EdDSA would need Google Tink on the class path. */
  static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS = allowedAlgorithms();

  private final OidcSettings settings;
  private final HttpClient http;
  private volatile Checks checks;

  public OidcAuthenticator(OidcSettings settings) {
    this(
        settings,
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build());
  }

  OidcAuthenticator(OidcSettings settings, HttpClient http) {
    this.settings = settings;
    this.http = http;
  }

  private static Set<JWSAlgorithm> allowedAlgorithms() {
    Set<JWSAlgorithm> algorithms = new LinkedHashSet<>(JWSAlgorithm.Family.RSA);
    algorithms.addAll(JWSAlgorithm.Family.EC);
    return Set.copyOf(algorithms);
  }

  @Override
  public String issuer() {
    return settings.issuer().toString();
  }

  @Override
  public List<String> requiredScopes() {
    return settings.requiredScopes();
  }

  @Override
  public java.util.Optional<URI> publicBase() {
    return java.util.Optional.ofNullable(settings.resource());
  }

  @Override
  public Optional<Identity> authenticate(String bearerToken) {
    if (bearerToken == null || bearerToken.isEmpty()) {
      return Optional.empty();
    }
    Checks checks;
    try {
      checks = checks();
    } catch (JOSEException e) {
      throw new AuthUnavailableException(
          "the issuer's metadata cannot be read (" + e.getMessage() + ")", e);
    }
    JWTClaimsSet claims;
    try {
      claims =
          isJwt(bearerToken) ? verifiedJwt(bearerToken, checks) : introspected(bearerToken, checks);
    } catch (BadJOSEException e) {
      LOG.info("bearer token refused: {}", e.getMessage());
      return Optional.empty();
    }
    if (claims == null) {
      return Optional.empty();
    }
    List<String> granted = scopes(claims);
    if (!granted.containsAll(settings.requiredScopes())) {
      throw new InsufficientScopeException(settings.requiredScopes(), granted);
    }
    String user = stringClaim(claims, settings.usernameClaim());
    if (user == null || user.isBlank()) {
      LOG.info("bearer token refused: no '{}' claim to name the user", settings.usernameClaim());
      return Optional.empty();
    }
    return Optional.of(new Identity(user, stringList(claims.getClaim(settings.groupsClaim()))));
  }

  private static boolean isJwt(String token) {
    try {
      JWTParser.parse(token);
      return true;
    } catch (ParseException e) {
      return false;
    }
  }

  /**
   * A signed JWT checked by Nimbus; null (refused) when its key is unknown and refreshing is
   * rate-limited.
   */
  private JWTClaimsSet verifiedJwt(String token, Checks checks) throws BadJOSEException {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new BadJOSEException(
          "not a signed JWT (alg none and encrypted tokens are not accepted)", e);
    }
    try {
      return checks.processor().process(jwt, null);
    } catch (RateLimitReachedException e) {
      LOG.info(
          "bearer token refused: its key {} is not in the issuer's JWKS, fetched again too recently to retry",
          jwt.getHeader().getKeyID());
      return null;
    } catch (JOSEException e) {
      throw new AuthUnavailableException(
          "the issuer's signing keys cannot be read (" + e.getMessage() + ")", e);
    }
  }

  /**
   * An opaque token: RFC 7662 introspection when configured, then the same claim checks as a JWT's.
   */
  private JWTClaimsSet introspected(String token, Checks checks) throws BadJOSEException {
    if (checks.introspection().isEmpty()) {
      throw new BadJOSEException(
          "not a JWT, and opaque tokens need introspection ("
              + (settings.introspectionClient() == null
                  ? "--oidc-client-id/--oidc-client-secret-file are not set"
                  : "the issuer's metadata has no introspection_endpoint")
              + ")");
    }
    Optional<JWTClaimsSet> claims;
    try {
      claims = checks.introspection().get().introspect(token);
    } catch (IOException e) {
      throw new AuthUnavailableException("token introspection failed (" + e.getMessage() + ")", e);
    }
    if (claims.isEmpty()) {
      throw new BadJOSEException("the issuer's introspection says the token is not active");
    }
    checks.claimsVerifier().verify(claims.get(), null);
    return claims.get();
  }

  private record Checks(
      DefaultJWTProcessor<SecurityContext> processor,
      DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier,
      Optional<TokenIntrospection> introspection) {}

  private Checks checks() throws JOSEException {
    Checks c = checks;
    if (c != null) {
      return c;
    }
    synchronized (this) {
      if (checks == null) {
        checks = build();
      }
      return checks;
    }
  }

  private Checks build() throws JOSEException {
    IssuerMetadata metadata;
    try {
      metadata = IssuerMetadata.discover(settings.issuer(), http);
    } catch (IOException e) {
      throw new JOSEException(e.getMessage(), e);
    }
    JWKSource<SecurityContext> keys;
    try {
      long interval = settings.jwksRefreshInterval().toMillis();
      JWKSourceBuilder<SecurityContext> builder =
          JWKSourceBuilder.create(metadata.jwksUri().toURL()).retrying(false);
      keys = (interval > 0 ? builder.rateLimited(interval) : builder.rateLimited(false)).build();
    } catch (MalformedURLException e) {
      throw new JOSEException("jwks_uri " + metadata.jwksUri() + " is not a URL", e);
    }
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    // RFC 9068 access tokens say at+jwt; many issuers still say JWT or nothing
    p.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT,
            new JOSEObjectType("at+jwt"),
            new JOSEObjectType("application/at+jwt"),
            null));
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALLOWED_ALGORITHMS, keys));
    DefaultJWTClaimsVerifier<SecurityContext> verifier =
        new DefaultJWTClaimsVerifier<>(
            Set.of(settings.audience()),
            new JWTClaimsSet.Builder().issuer(settings.issuer().toString()).build(),
            Set.of("iss", "aud", "exp"),
            null);
    verifier.setMaxClockSkew((int) OidcSettings.CLOCK_SKEW.toSeconds());
    p.setJWTClaimsSetVerifier(verifier);
    Optional<TokenIntrospection> introspection =
        settings.introspectionClient() == null
            ? Optional.empty()
            : metadata
                .introspectionEndpoint()
                .map(uri -> new TokenIntrospection(uri, settings.introspectionClient(), http));
    LOG.info(
        "OAuth tokens of issuer {} accepted for audience {}; keys from {}; opaque tokens {}",
        settings.issuer(),
        settings.audience(),
        metadata.jwksUri(),
        introspection.isPresent()
            ? "introspected at " + metadata.introspectionEndpoint().get()
            : "refused");
    return new Checks(p, verifier, introspection);
  }

  /** {@code scope} (space-separated, RFC 9068/8693) or {@code scp} (a list, or a string). */
  static List<String> scopes(JWTClaimsSet claims) {
    List<String> scopes = new ArrayList<>();
    for (String name : List.of("scope", "scp")) {
      Object value = claims.getClaim(name);
      if (value instanceof String s) {
        for (String part : s.trim().split("\\s+")) {
          if (!part.isEmpty()) {
            scopes.add(part);
          }
        }
      } else {
        scopes.addAll(stringList(value));
      }
    }
    return scopes;
  }

  private static String stringClaim(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    return value instanceof String s ? s : null;
  }

  private static List<String> stringList(Object value) {
    if (value instanceof String s) {
      return List.of(s);
    }
    if (value instanceof List<?> list) {
      return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return List.of();
  }
}
