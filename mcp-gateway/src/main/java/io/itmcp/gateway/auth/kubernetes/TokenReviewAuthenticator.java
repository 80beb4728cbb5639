package io.itmcp.gateway.auth.kubernetes;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.itmcp.gateway.auth.Authenticator;
import io.itmcp.gateway.auth.Authenticator.AuthUnavailableException;
import io.itmcp.gateway.auth.Identity;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates bearer tokens with a Kubernetes TokenReview (authentication.k8s.io/v1), so every
 * token the cluster trusts (service-account tokens, OIDC tokens of the cluster's issuer) works.
 *
 * <p>Decisions (valid and invalid) are cached for a short time keyed by the SHA-256 of the token;
 * the raw token is never kept. API errors are never cached and never let a request through: they
 * throw {@link AuthUnavailableException}. When audiences are configured the review asks for them
 * and a token that is not valid for at least one of them is refused.
 */
public final class TokenReviewAuthenticator implements Authenticator {

  private static final Logger LOG = LoggerFactory.getLogger(TokenReviewAuthenticator.class);

  /** Cache settings shared by the Kubernetes authenticator and authorizer. */
  public record CachePolicy(Duration ttl, int maxEntries) {
    public static final CachePolicy DEFAULT = new CachePolicy(Duration.ofSeconds(30), 10_000);
  }

  private final KubernetesClient client;
  private final List<String> audiences;
  private final DecisionCache<Optional<Identity>> cache;

  public TokenReviewAuthenticator(KubernetesClient client, List<String> audiences) {
    this(client, audiences, CachePolicy.DEFAULT, Clock.systemUTC());
  }

  public TokenReviewAuthenticator(
      KubernetesClient client, List<String> audiences, CachePolicy cachePolicy, Clock clock) {
    this.client = client;
    this.audiences = List.copyOf(audiences);
    this.cache = new DecisionCache<>(cachePolicy.ttl(), cachePolicy.maxEntries(), clock);
  }

  @Override
  public Optional<Identity> authenticate(String bearerToken) {
    if (bearerToken == null || bearerToken.isBlank()) {
      return Optional.empty();
    }
    String key = TokenDigest.sha256Hex(bearerToken);
    Optional<Optional<Identity>> cached = cache.get(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    Optional<Identity> decided = identityOf(review(bearerToken));
    cache.put(key, decided);
    return decided;
  }

  private TokenReview review(String token) {
    TokenReview request =
        new TokenReviewBuilder()
            .withNewSpec()
            .withToken(token)
            .withAudiences(audiences.isEmpty() ? null : audiences)
            .endSpec()
            .build();
    try {
      TokenReview answer = client.resources(TokenReview.class).resource(request).create();
      if (answer == null || answer.getStatus() == null) {
        throw new AuthUnavailableException(
            "Kubernetes TokenReview returned no status; the token cannot be verified, so the request is refused",
            null);
      }
      return answer;
    } catch (AuthUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      // The exception text of the client may quote the request; log the type only, never the body.
      LOG.warn("TokenReview failed: {}", e.getClass().getSimpleName());
      throw new AuthUnavailableException(
          "Kubernetes TokenReview failed ("
              + describe(e)
              + "); the token cannot be verified, so the request is refused. Retry later or ask the cluster administrator to check the gateway's RBAC (create tokenreviews)",
          e);
    }
  }

  private Optional<Identity> identityOf(TokenReview answer) {
    TokenReviewStatus status = answer.getStatus();
    if (!Boolean.TRUE.equals(status.getAuthenticated())) {
      return Optional.empty();
    }
    UserInfo user = status.getUser();
    if (user == null || user.getUsername() == null || user.getUsername().isBlank()) {
      return Optional.empty();
    }
    if (!audiences.isEmpty()
        && (status.getAudiences() == null
            || status.getAudiences().stream().noneMatch(audiences::contains))) {
      return Optional.empty();
    }
    List<String> groups = user.getGroups() == null ? List.of() : user.getGroups();
    return Optional.of(new Identity(user.getUsername(), groups, user.getUid(), user.getExtra()));
  }

  static String describe(RuntimeException e) {
    if (e instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getCode() > 0) {
      return "HTTP " + k.getCode();
    }
    return e.getClass().getSimpleName();
  }
}
