package io.itmcp.operator.render;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.api.v1alpha1.ApiGroup;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.ItmcpSessionSpec;
import io.itmcp.api.v1alpha1.PolicyRef;
import io.itmcp.api.v1alpha1.SessionNaming;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.policy.EffectivePolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A warm-pool pod: the pod a session of the policy would get, but labelled for no session, owned by
 * the policy, with no deadline (it is set at the claim), and annotated with the hash of its
 * template, so that a pod-changing policy edit is seen and an egress-only edit is not. Pure.
 */
public final class WarmPoolPodRenderer {
  /** Pool pods carry this label with the policy's name; a claim removes it. */
  public static final String POOL_LABEL = ApiGroup.GROUP + "/warm-pool";

  /** Set at the claim on the session's pod, so the policy can count claimed pods. */
  public static final String CLAIMED_LABEL = ApiGroup.GROUP + "/claimed-from-warm-pool";

  /** The hash of what a session pod of the policy is, apart from its name, labels and deadline. */
  public static final String TEMPLATE_HASH_ANNOTATION = ApiGroup.GROUP + "/pod-template-hash";

  /** Set at the claim: when (RFC 3339), so the pool can hold its refill off while it is recent. */
  public static final String CLAIMED_AT_ANNOTATION = ApiGroup.GROUP + "/claimed-at";

  static final String POOL_SESSION = "warm-pool";

  private WarmPoolPodRenderer() {}

  public static Pod render(
      ItmcpPolicy policy, EffectivePolicy effective, OperatorOptions options, Instant now) {
    Pod template = SessionPodRenderer.render(input(policy, effective, now), options);
    String namespace = policy.getMetadata().getNamespace();
    Map<String, String> labels = poolLabels(policy);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(TEMPLATE_HASH_ANNOTATION, templateHash(template));
    ObjectMeta meta = new ObjectMeta();
    meta.setGenerateName(generateNamePrefix(policy));
    meta.setNamespace(namespace);
    meta.setLabels(labels);
    meta.setAnnotations(annotations);
    meta.setOwnerReferences(List.of(owner(policy)));
    return new PodBuilder(template)
        .withMetadata(meta)
        .editSpec()
        .withActiveDeadlineSeconds(null)
        .endSpec()
        .build();
  }

  /**
   * The template hash of the pod a session would get; the same for a pool pod and a session pod.
   */
  public static String templateHash(Pod rendered) {
    Pod copy =
        new PodBuilder(rendered)
            .withMetadata(new ObjectMeta())
            .editSpec()
            .withActiveDeadlineSeconds(null)
            .endSpec()
            .build();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(Serialization.asJson(copy.getSpec()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The template hash pool pods of this policy must have to be claimable now. */
  public static String templateHash(
      ItmcpPolicy policy, EffectivePolicy effective, OperatorOptions options, Instant now) {
    return templateHash(SessionPodRenderer.render(input(policy, effective, now), options));
  }

  public static Map<String, String> poolLabels(ItmcpPolicy policy) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(POOL_LABEL, SessionNaming.labelValue(policy.getMetadata().getName()));
    labels.put(SessionLabels.MANAGED_BY, SessionLabels.OPERATOR);
    return labels;
  }

  /**
   * Denies all egress and ingress of the policy's pool pods (a NetworkPolicy with no rules), so a
   * pod that belongs to no caller reaches nothing even where the namespace has no default deny.
   */
  public static NetworkPolicy denyAll(ItmcpPolicy policy) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(denyAllName(policy))
        .withNamespace(policy.getMetadata().getNamespace())
        .withLabels(poolLabels(policy))
        .withOwnerReferences(owner(policy))
        .endMetadata()
        .withNewSpec()
        .withPodSelector(
            new LabelSelectorBuilder()
                .withMatchLabels(
                    Map.of(POOL_LABEL, SessionNaming.labelValue(policy.getMetadata().getName())))
                .build())
        .withPolicyTypes("Ingress", "Egress")
        .endSpec()
        .build();
  }

  public static String denyAllName(ItmcpPolicy policy) {
    return truncate("itmcp-warm-pool-" + policy.getMetadata().getName(), 253);
  }

  static String generateNamePrefix(ItmcpPolicy policy) {
    // generateName adds 5 characters; a pod name is at most 253.
    return truncate("itmcp-pool-" + policy.getMetadata().getName(), 240) + "-";
  }

  private static OwnerReference owner(ItmcpPolicy policy) {
    return new OwnerReferenceBuilder()
        .withApiVersion(ApiGroup.API_VERSION)
        .withKind("ItmcpPolicy")
        .withName(policy.getMetadata().getName())
        .withUid(policy.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(false)
        .build();
  }

  private static SessionRenderInput input(
      ItmcpPolicy policy, EffectivePolicy effective, Instant now) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(POOL_SESSION);
    meta.setNamespace(policy.getMetadata().getNamespace());
    PolicyRef ref = new PolicyRef();
    ref.setName(policy.getMetadata().getName());
    ItmcpSessionSpec spec = new ItmcpSessionSpec();
    spec.setPolicyRef(ref);
    ItmcpSession session = new ItmcpSession();
    session.setMetadata(meta);
    session.setSpec(spec);
    return new SessionRenderInput(
        session,
        policy,
        effective,
        new ResolvedNames(Map.of(), Map.of()),
        EgressMode.NETWORK_POLICY,
        now);
  }

  private static String truncate(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max);
  }
}
