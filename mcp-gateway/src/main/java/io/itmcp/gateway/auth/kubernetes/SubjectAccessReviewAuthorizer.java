package io.itmcp.gateway.auth.kubernetes;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.itmcp.api.v1alpha1.ApiGroup;
import io.itmcp.gateway.auth.Authenticator.AuthUnavailableException;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.auth.PolicyAuthorizer;
import io.itmcp.gateway.auth.kubernetes.TokenReviewAuthenticator.CachePolicy;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Kubernetes whether an identity may {@code use} an ItmcpPolicy, with a SubjectAccessReview
 * (authorization.k8s.io/v1) for verb {@code use} on {@code itmcppolicies/<name>} of group {@code
 * itmcp.io} in the sandbox namespace. Access is therefore granted with ordinary RoleBindings to the
 * ClusterRole {@code itmcp-policy-user}, kept in Git.
 *
 * <p>Answers are cached briefly per (user, groups, policy). API errors are not cached and refuse
 * (fail closed) with {@link AuthUnavailableException}.
 */
public final class SubjectAccessReviewAuthorizer implements PolicyAuthorizer {

  private static final Logger LOG = LoggerFactory.getLogger(SubjectAccessReviewAuthorizer.class);
  public static final String VERB = "use";
  public static final String RESOURCE = "itmcppolicies";

  private final KubernetesClient client;
  private final String namespace;
  private final DecisionCache<Boolean> cache;

  public SubjectAccessReviewAuthorizer(KubernetesClient client, String namespace) {
    this(client, namespace, CachePolicy.DEFAULT, Clock.systemUTC());
  }

  public SubjectAccessReviewAuthorizer(
      KubernetesClient client, String namespace, CachePolicy cachePolicy, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.cache = new DecisionCache<>(cachePolicy.ttl(), cachePolicy.maxEntries(), clock);
  }

  @Override
  public boolean mayUse(Identity identity, String policyName) {
    String key = cacheKey(identity, policyName);
    return cache
        .get(key)
        .orElseGet(
            () -> {
              boolean allowed = review(identity, policyName);
              cache.put(key, allowed);
              return allowed;
            });
  }

  private boolean review(Identity identity, String policyName) {
    SubjectAccessReview request =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(identity.user())
            .withGroups(identity.groups())
            .withUid(identity.uid())
            .withExtra(
                identity.extra().isEmpty() ? null : new java.util.LinkedHashMap<>(identity.extra()))
            .withNewResourceAttributes()
            .withGroup(ApiGroup.GROUP)
            .withResource(RESOURCE)
            .withName(policyName)
            .withNamespace(namespace)
            .withVerb(VERB)
            .endResourceAttributes()
            .endSpec()
            .build();
    SubjectAccessReview answer;
    try {
      answer = client.resources(SubjectAccessReview.class).resource(request).create();
    } catch (RuntimeException e) {
      LOG.warn(
          "SubjectAccessReview for user {} on policy {} failed: {}",
          identity.user(),
          policyName,
          e.toString());
      throw new AuthUnavailableException(
          "Kubernetes SubjectAccessReview failed ("
              + TokenReviewAuthenticator.describe(e)
              + "); whether "
              + identity.user()
              + " may use policy "
              + policyName
              + " cannot be decided, so the request is refused. Retry later or ask the cluster administrator to check the gateway's RBAC (create subjectaccessreviews)",
          e);
    }
    if (answer == null || answer.getStatus() == null) {
      throw new AuthUnavailableException(
          "Kubernetes SubjectAccessReview returned no status; access to policy "
              + policyName
              + " is refused",
          null);
    }
    if (answer.getStatus().getEvaluationError() != null
        && !Boolean.TRUE.equals(answer.getStatus().getAllowed())) {
      LOG.info(
          "SubjectAccessReview evaluation error for {} on {}: {}",
          identity.user(),
          policyName,
          answer.getStatus().getEvaluationError());
    }
    return Boolean.TRUE.equals(answer.getStatus().getAllowed())
        && !Boolean.TRUE.equals(answer.getStatus().getDenied());
  }

  /** The text a refusal shows: what was refused and how access is granted. */
  @Override
  public String refusalMessage(Identity identity, String policyName) {
    return "user "
        + identity.user()
        + " may not use ItmcpPolicy "
        + policyName
        + " in namespace "
        + namespace
        + " (Kubernetes RBAC: verb 'use' on itmcppolicies.itmcp.io/"
        + policyName
        + "); ask for a RoleBinding to the ClusterRole itmcp-policy-user in that namespace";
  }

  private static String cacheKey(Identity identity, String policyName) {
    List<String> groups = identity.groups().stream().sorted().toList();
    // Length-prefixed fields: no user/group/policy value can forge another key.
    StringBuilder key = new StringBuilder();
    key.append(identity.user().length()).append(':').append(identity.user()).append('|');
    for (String group : groups) {
      key.append(group.length()).append(':').append(group).append(',');
    }
    key.append('|');
    if (identity.uid() != null) {
      key.append(identity.uid().length()).append(':').append(identity.uid());
    }
    key.append('|');
    // Another scope is another identity to the authorizer: it must never reuse a cached answer.
    for (var entry : new java.util.TreeMap<>(identity.extra()).entrySet()) {
      key.append(entry.getKey().length()).append(':').append(entry.getKey()).append('=');
      for (String value : entry.getValue().stream().sorted().toList()) {
        key.append(value.length()).append(':').append(value).append(',');
      }
      key.append(';');
    }
    key.append('|').append(policyName);
    return TokenDigest.sha256Hex(key.toString());
  }
}
