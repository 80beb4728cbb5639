package io.itmcp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.itmcp.api.v1alpha1.SessionNaming;
import io.itmcp.operator.Fixtures;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.render.WarmPoolPodRenderer;
import io.itmcp.policy.EffectivePolicy;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The single-namespace overlay's ValidatingAdmissionPolicy, evaluated offline with cel-java against
 * the admission requests a real API server would send for exec, attach and port-forward: the
 * gateway may exec into session pods (cold or claimed from a warm pool) and nothing else in the
 * namespace; everyone else, and other namespaces, are left to RBAC.
 */
class ExecAdmissionPolicyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE = "overlays/single-namespace/exec-only-into-sandboxes.yaml";

  static AdmissionPolicyEvaluator policy;
  static String namespace;
  static String gatewayUser;
  static String operatorPod;
  static String gatewayPod;
  static String sessionPod;
  static String warmPoolPod;

  @BeforeAll
  static void load() throws Exception {
    Manifests file = Manifests.parse(Files.readString(RepositoryPaths.deploy(FILE)));
    JsonNode vap = only(file, "ValidatingAdmissionPolicy");
    JsonNode binding = only(file, "ValidatingAdmissionPolicyBinding");
    policy = new AdmissionPolicyEvaluator(vap, binding);

    Manifests install = Kustomize.render(Install.SINGLE_NAMESPACE.path());
    Deployment gateway = install.get(Deployment.class, "itmcp", Install.GATEWAY);
    namespace = gateway.getMetadata().getNamespace();
    gatewayUser =
        "system:serviceaccount:"
            + namespace
            + ":"
            + gateway.getSpec().getTemplate().getSpec().getServiceAccountName();
    // Pod names as the ReplicaSet controller makes them: <deployment>-<template hash>-<5
    // consonants/digits>.
    operatorPod = Install.OPERATOR + "-6d4f9b7c8-x2bqz";
    gatewayPod = Install.GATEWAY + "-7c9d5f6b4-kq8zr";
    sessionPod = SessionNaming.pod(SessionNaming.forMcpSession("an MCP session id"));
    var netops = Fixtures.policy("netops", List.of("192.0.2.7:22"));
    warmPoolPod =
        WarmPoolPodRenderer.render(
                    netops,
                    EffectivePolicy.compile("netops", netops.getSpec()),
                    OperatorOptions.defaults(),
                    Instant.parse("2026-01-01T00:00:00Z"))
                .getMetadata()
                .getGenerateName()
            + "x7k2p";
  }

  private static JsonNode only(Manifests manifests, String kind) {
    List<JsonNode> found =
        manifests.documents().stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    assertThat(found).as(kind + " in " + FILE).hasSize(1);
    return found.get(0);
  }

  static Optional<String> decide(
      String user, String operation, String subResource, String pod, String inNamespace) {
    ObjectNode request = JSON.createObjectNode();
    request
        .put("operation", operation)
        .put("subResource", subResource)
        .put("name", pod)
        .put("namespace", inNamespace);
    request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
    request.putObject("kind").put("group", "").put("version", "v1").put("kind", "PodExecOptions");
    request
        .putObject("userInfo")
        .put("username", user)
        .putArray("groups")
        .add("system:serviceaccounts")
        .add("system:serviceaccounts:" + inNamespace)
        .add("system:authenticated");
    request
        .putObject("object")
        .put("kind", "PodExecOptions")
        .put("apiVersion", "v1")
        .put("container", "sandbox");
    return policy.decide(
        new AdmissionPolicyEvaluator.Request(
            request, Map.of("kubernetes.io/metadata.name", inNamespace)));
  }

  @Test
  void theGatewayExecsIntoASessionsOwnPod() {
    assertThat(decide(gatewayUser, "CONNECT", "exec", sessionPod, namespace)).isEmpty();
  }

  @Test
  void theGatewayExecsIntoAPodClaimedFromAWarmPool() {
    assertThat(warmPoolPod).startsWith("itmcp-pool-netops-");
    assertThat(decide(gatewayUser, "CONNECT", "exec", warmPoolPod, namespace)).isEmpty();
  }

  @Test
  void theGatewayMayNotExecIntoTheOperatorOrItself() {
    for (String pod : List.of(operatorPod, gatewayPod)) {
      assertThat(decide(gatewayUser, "CONNECT", "exec", pod, namespace))
          .as(pod)
          .hasValueSatisfying(
              message ->
                  assertThat(message)
                      .contains(
                          "may exec only into session sandbox pods",
                          "<session>-sandbox",
                          "itmcp-pool-"));
    }
  }

  @Test
  void theGatewayMayNeitherAttachNorPortForwardEvenToASessionPod() {
    for (String sub : List.of("attach", "portforward")) {
      assertThat(decide(gatewayUser, "CONNECT", sub, sessionPod, namespace))
          .as(sub)
          .hasValueSatisfying(
              message -> assertThat(message).contains("never attach or port-forward"));
    }
  }

  @Test
  void otherUsersAndOtherNamespacesAreLeftToRbac() {
    assertThat(decide("alice@example.com", "CONNECT", "exec", operatorPod, namespace)).isEmpty();
    assertThat(
            decide(
                "system:serviceaccount:" + namespace + ":" + Install.OPERATOR,
                "CONNECT",
                "exec",
                gatewayPod,
                namespace))
        .isEmpty();
    assertThat(decide(gatewayUser, "CONNECT", "exec", "anything", "kube-system"))
        .as("bound to " + namespace + " only")
        .isEmpty();
  }

  @Test
  void aLookAlikeUserNameIsNotTheGateway() {
    assertThat(decide(gatewayUser + "-2", "CONNECT", "exec", operatorPod, namespace)).isEmpty();
    assertThat(
            decide(
                "system:serviceaccount:other:itmcp-gateway",
                "CONNECT",
                "exec",
                operatorPod,
                namespace))
        .isEmpty();
  }
}
