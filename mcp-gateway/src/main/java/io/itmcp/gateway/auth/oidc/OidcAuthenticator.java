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
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.itmcp.gateway.auth.Authenticator;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.auth.OAuthResource;
import java.io.IOException;
import java.net.MalformedURLException;
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
 * ({@code none} and HMAC are refused, so a public key can never serve as a shared secret),
 * {@code iss} exactly the issuer, {@code aud} containing this gateway, {@code exp}/{@code nbf}
 * within {@link OidcSettings#CLOCK_SKEW}, the username claim present and the required scopes
 * granted. The JWKS is cached and fetched again when a token names an unknown {@code kid}, at most
 * once per {@link OidcSettings#jwksRefreshInterval()}, so key rotation is picked up without letting
 * callers make us hammer the issuer.
 *
 * <p>Opaque (non-JWT) tokens are refused: RFC 7662 introspection is not implemented.
 *
 * <p>The token is never logged and never passed on; refusals log the rule that failed.
 */
public final class OidcAuthenticator implements Authenticator, OAuthResource {

  private static final Logger LOG = LoggerFactory.getLogger(OidcAuthenticator.class);
  /** RSA (RS*, PS*) and EC (ES*) signatures. EdDSA would need Google Tink on the class path. */
  static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS = allowedAlgorithms();

  private final OidcSettings settings;
  private final HttpClient http;
  private volatile DefaultJWTProcessor<SecurityContext> processor;

  public OidcAuthenticator(OidcSettings settings) {
    this(settings, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).build());
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
  public Optional<Identity> authenticate(String bearerToken) {
    if (bearerToken == null || bearerToken.isEmpty()) {
      return Optional.empty();
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(bearerToken);
    } catch (ParseException e) {
      LOG.info("bearer token refused: not a signed JWT (opaque tokens and alg none are not accepted)");
      return Optional.empty();
    }
    JWTClaimsSet claims;
    try {
      claims = processor().process(jwt, null);
    } catch (BadJOSEException e) {
      LOG.info("bearer token refused: {}", e.getMessage());
      return Optional.empty();
    } catch (RateLimitReachedException e) {
      LOG.info("bearer token refused: its key {} is not in the issuer's JWKS, fetched again too recently to retry",
          jwt.getHeader().getKeyID());
      return Optional.empty();
    } catch (JOSEException e) {
      throw new AuthUnavailableException("the issuer's signing keys cannot be read (" + e.getMessage() + ")", e);
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

  private DefaultJWTProcessor<SecurityContext> processor() throws JOSEException {
    DefaultJWTProcessor<SecurityContext> p = processor;
    if (p != null) {
      return p;
    }
    synchronized (this) {
      if (processor == null) {
        processor = build();
      }
      return processor;
    }
  }

  private DefaultJWTProcessor<SecurityContext> build() throws JOSEException {
    IssuerMetadata metadata;
    try {
      metadata = IssuerMetadata.discover(settings.issuer(), http);
    } catch (IOException e) {
      throw new JOSEException(e.getMessage(), e);
    }
    JWKSource<SecurityContext> keys;
    try {
      long interval = settings.jwksRefreshInterval().toMillis();
      JWKSourceBuilder<SecurityContext> builder = JWKSourceBuilder.create(metadata.jwksUri().toURL())
          .retrying(false);
      keys = (interval > 0 ? builder.rateLimited(interval) : builder.rateLimited(false)).build();
    } catch (MalformedURLException e) {
      throw new JOSEException("jwks_uri " + metadata.jwksUri() + " is not a URL", e);
    }
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    // RFC 9068 access tokens say at+jwt; many issuers still say JWT or nothing
    p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"),
        new JOSEObjectType("application/at+jwt"), null));
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALLOWED_ALGORITHMS, keys));
    DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(
        Set.of(settings.audience()),
        new JWTClaimsSet.Builder().issuer(settings.issuer().toString()).build(),
        Set.of("iss", "aud", "exp"), null);
    verifier.setMaxClockSkew((int) OidcSettings.CLOCK_SKEW.toSeconds());
    p.setJWTClaimsSetVerifier(verifier);
    LOG.info("OAuth tokens of issuer {} accepted for audience {}; keys from {}", settings.issuer(),
        settings.audience(), metadata.jwksUri());
    return p;
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
