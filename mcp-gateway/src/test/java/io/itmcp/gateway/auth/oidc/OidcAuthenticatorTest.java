package io.itmcp.gateway.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.itmcp.gateway.auth.Authenticator;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.testing.TestIssuer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every rule of the OAuth resource server, each tried with a token that breaks it. */
class OidcAuthenticatorTest {

  private TestIssuer issuer;
  private OidcAuthenticator authenticator;

  @BeforeEach
  void start() throws Exception {
    issuer = new TestIssuer();
    authenticator =
        new OidcAuthenticator(
            OidcSettings.of(issuer.issuerUri(), TestIssuer.AUDIENCE)
                .withRequiredScopes(List.of("mcp:tools"))
                .withJwksRefreshInterval(Duration.ZERO));
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  @Test
  void aValidTokenGivesTheUserAndGroupsOfItsClaims() throws Exception {
    assertThat(authenticator.authenticate(issuer.token("alice")))
        .contains(new Identity("alice", List.of("netops")));
    OidcAuthenticator byEmail =
        new OidcAuthenticator(
            OidcSettings.of(issuer.issuerUri(), TestIssuer.AUDIENCE).withClaims("email", "roles"));
    assertThat(
            byEmail.authenticate(
                issuer.token(
                    "alice",
                    c ->
                        c.claim("email", "alice@example.com")
                            .claim("roles", List.of("admins", "netops")))))
        .contains(new Identity("alice@example.com", List.of("admins", "netops")));
    assertThat(byEmail.authenticate(issuer.token("alice"))).as("no email claim: no user").isEmpty();
  }

  @Test
  void wrongAudienceOrIssuerIsRefused() throws Exception {
    assertThat(
            authenticator.authenticate(
                issuer.token("alice", c -> c.audience("https://other.example/mcp"))))
        .isEmpty();
    assertThat(authenticator.authenticate(issuer.token("alice", c -> c.audience((String) null))))
        .isEmpty();
    assertThat(
            authenticator.authenticate(issuer.token("alice", c -> c.issuer(issuer.issuer() + "x"))))
        .isEmpty();
    assertThat(
            authenticator.authenticate(
                issuer.token(
                    "alice",
                    c -> c.audience(List.of("https://other.example", TestIssuer.AUDIENCE)))))
        .isPresent();
  }

  @Test
  void expiredAndNotYetValidAreRefusedBeyondSixtySecondsOfSkew() throws Exception {
    Instant now = Instant.now();
    assertThat(
            authenticator.authenticate(
                issuer.token("alice", c -> c.expirationTime(Date.from(now.minusSeconds(120))))))
        .isEmpty();
    assertThat(
            authenticator.authenticate(
                issuer.token("alice", c -> c.notBeforeTime(Date.from(now.plusSeconds(120))))))
        .isEmpty();
    assertThat(authenticator.authenticate(issuer.token("alice", c -> c.expirationTime(null))))
        .isEmpty();
    assertThat(
            authenticator.authenticate(
                issuer.token("alice", c -> c.expirationTime(Date.from(now.minusSeconds(20))))))
        .as("within the skew")
        .isPresent();
  }

  @Test
  void unsignedAndHmacTokensAreRefused() throws Exception {
    String none = new PlainJWT(issuer.claims("alice").build()).serialize();
    assertThat(authenticator.authenticate(none)).isEmpty();

    // the classic key confusion: HMAC with the issuer's public key as the shared secret
    SignedJWT hmac =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuer.key().getKeyID()).build(),
            issuer.claims("alice").build());
    hmac.sign(new MACSigner(issuer.key().toPublicJWK().toRSAPublicKey().getEncoded()));
    assertThat(authenticator.authenticate(hmac.serialize())).isEmpty();
    assertThat(OidcAuthenticator.ALLOWED_ALGORITHMS)
        .noneMatch(a -> a.getName().startsWith("HS"))
        .doesNotContain(JWSAlgorithm.parse("none"));
  }

  @Test
  void aKeyTheIssuerDoesNotPublishIsRefused() throws Exception {
    RSAKey stranger = TestIssuer.newKey(issuer.key().getKeyID());
    assertThat(
            authenticator.authenticate(TestIssuer.sign(issuer.claims("alice").build(), stranger)))
        .isEmpty();
    RSAKey unknownKid = TestIssuer.newKey("unknown");
    assertThat(
            authenticator.authenticate(TestIssuer.sign(issuer.claims("alice").build(), unknownKid)))
        .isEmpty();
  }

  @Test
  void aMissingScopeIsInsufficientScopeNotAnInvalidToken() throws Exception {
    assertThatThrownBy(
            () ->
                authenticator.authenticate(issuer.token("alice", c -> c.claim("scope", "openid"))))
        .isInstanceOf(Authenticator.InsufficientScopeException.class)
        .hasMessageContaining("needs mcp:tools, has openid")
        .satisfies(
            e ->
                assertThat(((Authenticator.InsufficientScopeException) e).requiredScopes())
                    .containsExactly("mcp:tools"));
    assertThat(
            authenticator.authenticate(
                issuer.token(
                    "alice", c -> c.claim("scope", null).claim("scp", List.of("mcp:tools")))))
        .as("Entra/Okta scp list")
        .isPresent();
  }

  @Test
  void keyRotationIsPickedUpOnTheUnknownKid() throws Exception {
    assertThat(authenticator.authenticate(issuer.token("alice"))).isPresent();
    String beforeRotation = issuer.token("alice");
    issuer.rotate();
    assertThat(authenticator.authenticate(issuer.token("alice"))).isPresent();
    assertThat(authenticator.authenticate(beforeRotation))
        .as("the retired key is gone from the JWKS")
        .isEmpty();
  }

  @Test
  void unknownKidsRefreshTheKeysAtMostOncePerInterval() throws Exception {
    OidcAuthenticator limited =
        new OidcAuthenticator(
            OidcSettings.of(issuer.issuerUri(), TestIssuer.AUDIENCE)
                .withJwksRefreshInterval(Duration.ofMinutes(1)));
    assertThat(limited.authenticate(issuer.token("alice"))).isPresent();
    int afterFirst = issuer.jwksFetches();
    RSAKey unknown = TestIssuer.newKey("flood");
    for (int i = 0; i < 5; i++) {
      assertThat(limited.authenticate(TestIssuer.sign(issuer.claims("alice").build(), unknown)))
          .isEmpty();
    }
    System.out.println(
        "JWKS fetches: "
            + afterFirst
            + " for the first token, "
            + issuer.jwksFetches()
            + " after 5 tokens with an unknown kid (refresh interval 1 min)");
    assertThat(issuer.jwksFetches() - afterFirst).isLessThanOrEqualTo(1);
  }

  @Test
  void opaqueTokensAreRefusedWithoutIntrospectionCredentials() throws Exception {
    assertThat(authenticator.authenticate(issuer.opaqueToken(issuer.claims("alice").build())))
        .isEmpty();
    assertThat(issuer.introspections()).isZero();
  }

  @Test
  void opaqueTokensAreIntrospectedAndTheirClaimsCheckedLikeAJwts() throws Exception {
    OidcAuthenticator introspecting =
        new OidcAuthenticator(
            OidcSettings.of(issuer.issuerUri(), TestIssuer.AUDIENCE)
                .withRequiredScopes(List.of("mcp:tools"))
                .withIntrospectionClient(
                    new ClientCredentials(TestIssuer.CLIENT_ID, TestIssuer.CLIENT_SECRET)));
    assertThat(introspecting.authenticate(issuer.opaqueToken(issuer.claims("alice").build())))
        .contains(new Identity("alice", List.of("netops")));
    assertThat(introspecting.authenticate("not-a-token-the-issuer-knows"))
        .as("active: false")
        .isEmpty();
    assertThat(
            introspecting.authenticate(
                issuer.opaqueToken(
                    issuer.claims("alice").audience("https://other.example").build())))
        .as("wrong audience")
        .isEmpty();
    assertThat(
            introspecting.authenticate(
                issuer.opaqueToken(
                    issuer
                        .claims("alice")
                        .expirationTime(Date.from(Instant.now().minusSeconds(120)))
                        .build())))
        .as("expired")
        .isEmpty();
    assertThatThrownBy(
            () ->
                introspecting.authenticate(
                    issuer.opaqueToken(issuer.claims("alice").claim("scope", "openid").build())))
        .isInstanceOf(Authenticator.InsufficientScopeException.class);
    int asked = issuer.introspections();
    assertThat(introspecting.authenticate(new PlainJWT(issuer.claims("alice").build()).serialize()))
        .isEmpty();
    assertThat(issuer.introspections())
        .as("an unsigned JWT is refused, not introspected")
        .isEqualTo(asked);

    OidcAuthenticator wrongSecret =
        new OidcAuthenticator(
            OidcSettings.of(issuer.issuerUri(), TestIssuer.AUDIENCE)
                .withIntrospectionClient(new ClientCredentials(TestIssuer.CLIENT_ID, "wrong")));
    String opaque = issuer.opaqueToken(issuer.claims("alice").build());
    assertThatThrownBy(() -> wrongSecret.authenticate(opaque))
        .isInstanceOf(Authenticator.AuthUnavailableException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageNotContaining(opaque);
    assertThat(new ClientCredentials("id", "s3cret").toString()).doesNotContain("s3cret");
  }

  @Test
  void anIssuerThatCannotBeReachedOrNamesAnotherIssuerFailsClosed() throws Exception {
    String token = issuer.token("alice");
    issuer.claimIssuer("https://evil.example");
    assertThatThrownBy(() -> authenticator.authenticate(token))
        .isInstanceOf(Authenticator.AuthUnavailableException.class)
        .hasMessageContaining("names issuer 'https://evil.example'");
    issuer.close();
    OidcAuthenticator unreachable =
        new OidcAuthenticator(OidcSettings.of(issuer.issuerUri(), TestIssuer.AUDIENCE));
    assertThatThrownBy(() -> unreachable.authenticate(token))
        .isInstanceOf(Authenticator.AuthUnavailableException.class)
        .hasMessageNotContaining(token);
  }

  @Test
  void metadataIsLookedUpTheOpenIdWayThenTheRfc8414Way() {
    assertThat(IssuerMetadata.candidates(URI.create("https://idp.example/realms/r1/")))
        .containsExactly(
            URI.create("https://idp.example/realms/r1/.well-known/openid-configuration"),
            URI.create("https://idp.example/.well-known/oauth-authorization-server/realms/r1"));
    assertThat(
            OidcAuthenticator.scopes(new JWTClaimsSet.Builder().claim("scope", " a  b ").build()))
        .containsExactly("a", "b");
  }
}
