package io.itmcp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders deploy/base and every overlay with `kubectl kustomize`, parses each object with fabric8,
 * and checks what the install promises: namespaces with Pod Security labels, the generated CRDs,
 * least-privilege RBAC, hardened Deployments, Service, PodDisruptionBudget and NetworkPolicies.
 */
class DeployKustomizationsTest {
  private static final Map<Install, Manifests> RENDERED = new ConcurrentHashMap<>();
  private static final String PSS = "pod-security.kubernetes.io/";
  private static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE =
      (a, b) ->
          a.isNumber() && b.isNumber()
              ? a.decimalValue().compareTo(b.decimalValue())
              : a.equals(b) ? 0 : 1;

  static Stream<Install> installs() {
    return Stream.of(Install.BASE, Install.CILIUM, Install.SINGLE_NAMESPACE, Install.MONITORING);
  }

  private static Manifests rendered(Install install) throws Exception {
    Manifests cached = RENDERED.get(install);
    if (cached == null) {
      cached = Kustomize.render(install.path());
      RENDERED.put(install, cached);
    }
    return cached;
  }

  // --- every install
  // ------------------------------------------------------------------------------

  @ParameterizedTest(
      name =
          "{0}: no wildcard, escalating or secret-reading rule; pod entry only in the sandbox namespace")
  @MethodSource("installs")
  void rbacIsLeastPrivilege(Install install) throws Exception {
    Manifests manifests = rendered(install);
    assertThat(manifests.ofType(Role.class)).isNotEmpty();
    assertThat(RbacInvariants.violations(manifests.items(), install.sandboxNamespace())).isEmpty();
  }

  @ParameterizedTest(
      name = "{0}: operator and gateway Deployments are hardened, probed, limited and pinned")
  @MethodSource("installs")
  void deploymentsAreHardened(Install install) throws Exception {
    Manifests manifests = rendered(install);
    List<Deployment> deployments = manifests.ofType(Deployment.class);
    assertThat(deployments)
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder(Install.OPERATOR, Install.GATEWAY);
    for (Deployment deployment : deployments) {
      assertThat(deployment.getMetadata().getNamespace()).isEqualTo(install.systemNamespace());
      assertThat(WorkloadInvariants.violations(deployment))
          .as(Manifests.describe(deployment))
          .isEmpty();
      assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
          .as("each component runs as its own ServiceAccount")
          .isEqualTo(deployment.getMetadata().getName());
    }
    assertThat(onlyContainer(manifests, Install.OPERATOR).getImage())
        .isEqualTo("ghcr.io/itmcp/operator:" + Install.VERSION);
    assertThat(onlyContainer(manifests, Install.GATEWAY).getImage())
        .isEqualTo("ghcr.io/itmcp/gateway:" + Install.VERSION);
  }

  @ParameterizedTest(name = "{0}: probes name ports the containers declare")
  @MethodSource("installs")
  void probesPointAtDeclaredPorts(Install install) throws Exception {
    Manifests manifests = rendered(install);
    for (String component : List.of(Install.OPERATOR, Install.GATEWAY)) {
      Container container = onlyContainer(manifests, component);
      List<String> portNames = container.getPorts().stream().map(ContainerPort::getName).toList();
      for (Probe probe : List.of(container.getLivenessProbe(), container.getReadinessProbe())) {
        assertThat(probe.getHttpGet()).as(component + " probes over HTTP").isNotNull();
        assertThat(probe.getHttpGet().getPath()).startsWith("/");
        assertThat(portNames)
            .as(component + " probe port")
            .contains(probe.getHttpGet().getPort().getStrVal());
      }
    }
  }

  @ParameterizedTest(name = "{0}: the components run where the sandbox namespace is")
  @MethodSource("installs")
  void argumentsNameTheSandboxNamespace(Install install) throws Exception {
    Manifests manifests = rendered(install);
    assertThat(onlyContainer(manifests, Install.OPERATOR).getArgs())
        .startsWith("run")
        .contains("--namespaces=" + install.sandboxNamespace());
    assertThat(onlyContainer(manifests, Install.GATEWAY).getArgs())
        .startsWith("serve")
        .contains(
            "--runtime=kubernetes",
            "--namespace=" + install.sandboxNamespace(),
            "--policy-name=default")
        .anyMatch(arg -> arg.startsWith("--http=0.0.0.0:"))
        .anyMatch(
            arg ->
                arg.startsWith("--allowed-hosts=")
                    && arg.contains("itmcp-gateway." + install.systemNamespace() + ".svc"));
  }

  @ParameterizedTest(
      name = "{0}: the gateway authenticates, authorizes and execs only in the sandbox namespace")
  @MethodSource("installs")
  void gatewayHasExactlyItsPermissions(Install install) throws Exception {
    Manifests manifests = rendered(install);
    List<HasMetadata> roles = rolesBoundTo(manifests, install.systemNamespace(), Install.GATEWAY);
    assertThat(roles)
        .anySatisfy(
            role -> {
              assertThat(role).isInstanceOf(ClusterRole.class);
              assertThat(
                      RbacInvariants.grants(
                          role, "authentication.k8s.io", "tokenreviews", "create"))
                  .isTrue();
              assertThat(
                      RbacInvariants.grants(
                          role, "authorization.k8s.io", "subjectaccessreviews", "create"))
                  .isTrue();
            });
    assertThat(roles)
        .anySatisfy(
            role -> {
              assertThat(role).isInstanceOf(Role.class);
              assertThat(role.getMetadata().getNamespace()).isEqualTo(install.sandboxNamespace());
              assertThat(RbacInvariants.grants(role, "", "pods/exec", "create")).isTrue();
              for (String verb : List.of("create", "get", "list", "watch", "delete", "patch")) {
                assertThat(RbacInvariants.grants(role, "itmcp.io", "itmcpsessions", verb))
                    .as("itmcpsessions " + verb)
                    .isTrue();
              }
              for (String verb : List.of("get", "list", "watch")) {
                assertThat(RbacInvariants.grants(role, "itmcp.io", "itmcppolicies", verb))
                    .as("itmcppolicies " + verb)
                    .isTrue();
              }
            });
    assertThat(roles)
        .as("the gateway neither edits policies nor makes pods; the operator does")
        .noneMatch(
            role ->
                RbacInvariants.grants(role, "itmcp.io", "itmcppolicies", "update")
                    || RbacInvariants.grants(role, "itmcp.io", "itmcppolicies", "patch")
                    || RbacInvariants.grants(role, "", "pods", "create")
                    || RbacInvariants.grants(role, "", "pods", "delete"));
  }

  @ParameterizedTest(
      name = "{0}: the operator manages pods and NetworkPolicies only in the sandbox namespace")
  @MethodSource("installs")
  void operatorHasExactlyItsPermissions(Install install) throws Exception {
    Manifests manifests = rendered(install);
    List<HasMetadata> roles = rolesBoundTo(manifests, install.systemNamespace(), Install.OPERATOR);
    assertThat(roles)
        .anySatisfy(
            role -> {
              assertThat(role).isInstanceOf(Role.class);
              assertThat(role.getMetadata().getNamespace()).isEqualTo(install.sandboxNamespace());
              for (String verb : List.of("get", "list", "watch", "update", "patch")) {
                assertThat(RbacInvariants.grants(role, "itmcp.io", "itmcppolicies", verb)).isTrue();
                assertThat(RbacInvariants.grants(role, "itmcp.io", "itmcpsessions", verb)).isTrue();
              }
              assertThat(RbacInvariants.grants(role, "itmcp.io", "itmcpsessions/status", "patch"))
                  .isTrue();
              assertThat(RbacInvariants.grants(role, "itmcp.io", "itmcppolicies/status", "patch"))
                  .isTrue();
              assertThat(
                      RbacInvariants.grants(role, "itmcp.io", "itmcpsessions/finalizers", "update"))
                  .isTrue();
              assertThat(RbacInvariants.grants(role, "", "pods", "create")).isTrue();
              assertThat(
                      RbacInvariants.grants(role, "networking.k8s.io", "networkpolicies", "create"))
                  .isTrue();
              assertThat(RbacInvariants.grants(role, "", "events", "create")).isTrue();
              for (String verb : List.of("get", "list", "watch")) {
                assertThat(RbacInvariants.grants(role, "", "events", verb))
                    .as(
                        "events "
                            + verb
                            + ": the operator's informer on pod warnings (FailedMount) needs it to start")
                    .isTrue();
              }
            });
    assertThat(roles)
        .anySatisfy(
            role -> {
              assertThat(role).isInstanceOf(Role.class);
              assertThat(role.getMetadata().getNamespace()).isEqualTo(install.systemNamespace());
              assertThat(RbacInvariants.grants(role, "coordination.k8s.io", "leases", "update"))
                  .isTrue();
            });
    assertThat(roles)
        .as("cluster-wide, the operator may only look up CRDs by name")
        .filteredOn(ClusterRole.class::isInstance)
        .allSatisfy(
            role ->
                assertThat(((ClusterRole) role).getRules())
                    .allSatisfy(
                        rule -> {
                          assertThat(rule.getResources())
                              .containsExactly("customresourcedefinitions");
                          assertThat(rule.getVerbs()).containsExactly("get");
                          assertThat(rule.getResourceNames()).as("read-only, by name").isNotEmpty();
                        }));
  }

  @ParameterizedTest(name = "{0}: itmcp-policy-user grants `use` on itmcppolicies and nothing else")
  @MethodSource("installs")
  void policyUserRole(Install install) throws Exception {
    ClusterRole role = rendered(install).get(ClusterRole.class, null, "itmcp-policy-user");
    assertThat(role.getRules()).hasSize(1);
    PolicyRule rule = role.getRules().get(0);
    assertThat(rule.getApiGroups()).containsExactly("itmcp.io");
    assertThat(rule.getResources()).containsExactly("itmcppolicies");
    assertThat(rule.getVerbs()).containsExactly("use");
  }

  @ParameterizedTest(name = "{0}: every binding names a role and ServiceAccounts of this install")
  @MethodSource("installs")
  void bindingsResolve(Install install) throws Exception {
    Manifests manifests = rendered(install);
    List<String> problems = new ArrayList<>();
    List<HasMetadata> bindings = new ArrayList<>(manifests.ofType(RoleBinding.class));
    bindings.addAll(manifests.ofType(ClusterRoleBinding.class));
    assertThat(bindings).isNotEmpty();
    for (HasMetadata binding : bindings) {
      RoleRef ref =
          binding instanceof RoleBinding rb
              ? rb.getRoleRef()
              : ((ClusterRoleBinding) binding).getRoleRef();
      List<Subject> subjects =
          binding instanceof RoleBinding rb
              ? rb.getSubjects()
              : ((ClusterRoleBinding) binding).getSubjects();
      boolean roleExists =
          "Role".equals(ref.getKind())
              ? manifests
                  .find(Role.class, binding.getMetadata().getNamespace(), ref.getName())
                  .isPresent()
              : manifests.find(ClusterRole.class, null, ref.getName()).isPresent();
      if (!roleExists) {
        problems.add(
            Manifests.describe(binding)
                + " refers to a missing "
                + ref.getKind()
                + " "
                + ref.getName());
      }
      for (Subject subject : subjects) {
        if ("ServiceAccount".equals(subject.getKind())
            && manifests
                .find(ServiceAccount.class, subject.getNamespace(), subject.getName())
                .isEmpty()) {
          problems.add(
              Manifests.describe(binding)
                  + " binds a missing ServiceAccount "
                  + subject.getNamespace()
                  + "/"
                  + subject.getName());
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest(name = "{0}: gateway Service and PodDisruptionBudget select the gateway pods")
  @MethodSource("installs")
  void gatewayServiceAndDisruptionBudget(Install install) throws Exception {
    Manifests manifests = rendered(install);
    Deployment gateway =
        manifests.get(Deployment.class, install.systemNamespace(), Install.GATEWAY);
    Map<String, String> podLabels = gateway.getSpec().getTemplate().getMetadata().getLabels();
    Service service = manifests.get(Service.class, install.systemNamespace(), Install.GATEWAY);
    assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
    List<String> portNames =
        onlyContainer(manifests, Install.GATEWAY).getPorts().stream()
            .map(ContainerPort::getName)
            .toList();
    assertThat(service.getSpec().getPorts())
        .allSatisfy(port -> assertThat(portNames).contains(port.getTargetPort().getStrVal()));
    PodDisruptionBudget budget =
        manifests.get(PodDisruptionBudget.class, install.systemNamespace(), Install.GATEWAY);
    assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
    assertThat(budget.getSpec().getMinAvailable().getIntVal())
        .as("a budget that allows no disruption at all would block every node drain")
        .isPositive()
        .isLessThan(gateway.getSpec().getReplicas());
    // any replica serves any request: callers' sandboxes are found by name, not by the replica
    assertThat(gateway.getSpec().getReplicas())
        .as("two gateway replicas")
        .isGreaterThanOrEqualTo(2);
    assertThat(service.getSpec().getSessionAffinity())
        .as("no session affinity is needed")
        .isIn(null, "None");
  }

  @ParameterizedTest(
      name = "{0}: every gateway replica reads the same request-state key, mounted by the kubelet")
  @MethodSource("installs")
  void gatewayReplicasShareTheRequestStateKey(Install install) throws Exception {
    Manifests manifests = rendered(install);
    Deployment gateway =
        manifests.get(Deployment.class, install.systemNamespace(), Install.GATEWAY);
    Container container = onlyContainer(manifests, Install.GATEWAY);
    String flag = "--request-state-key-file=";
    String keyFile =
        container.getArgs().stream()
            .filter(a -> a.startsWith(flag))
            .map(a -> a.substring(flag.length()))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("the gateway is not given --request-state-key-file"));
    var mount =
        container.getVolumeMounts().stream()
            .filter(m -> keyFile.startsWith(m.getMountPath() + "/"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("nothing is mounted where " + keyFile + " is"));
    assertThat(mount.getReadOnly()).isTrue();
    var volume =
        gateway.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals(mount.getName()))
            .findFirst()
            .orElseThrow();
    assertThat(volume.getSecret()).as("a Secret the administrator creates at install").isNotNull();
    assertThat(volume.getSecret().getSecretName()).isEqualTo("itmcp-gateway-request-state");
    assertThat(volume.getSecret().getOptional())
        .as("a replica without the shared key must not start")
        .isNotEqualTo(Boolean.TRUE);
    assertThat(keyFile)
        .isEqualTo(mount.getMountPath() + "/" + volume.getSecret().getItems().get(0).getPath());
    // the key is not shipped: a key in Git would be everyone's
    assertThat(manifests.ofType(io.fabric8.kubernetes.api.model.Secret.class)).isEmpty();
  }

  @ParameterizedTest(
      name =
          "{0}: the system namespace denies by default and opens only the gateway port, DNS and the API server")
  @MethodSource("installs")
  void systemNetworkPolicies(Install install) throws Exception {
    Manifests manifests = rendered(install);
    List<NetworkPolicy> policies =
        manifests.ofType(NetworkPolicy.class).stream()
            .filter(p -> install.systemNamespace().equals(p.getMetadata().getNamespace()))
            .toList();
    assertThat(policies)
        .anySatisfy(
            p -> {
              assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
              assertThat(p.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
              assertThat(p.getSpec().getPolicyTypes())
                  .containsExactlyInAnyOrder("Ingress", "Egress");
              assertThat(p.getSpec().getIngress()).isNullOrEmpty();
              assertThat(p.getSpec().getEgress()).isNullOrEmpty();
            });
    int gatewayPort =
        onlyContainer(manifests, Install.GATEWAY).getPorts().get(0).getContainerPort();
    for (NetworkPolicy policy : policies) {
      for (NetworkPolicyIngressRule rule : nullToEmpty(policy.getSpec().getIngress())) {
        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
            .as(Manifests.describe(policy) + " opens ingress only to the gateway")
            .containsEntry("app.kubernetes.io/name", Install.GATEWAY);
        assertThat(rule.getPorts())
            .as(Manifests.describe(policy) + " opens ingress only on the gateway's port")
            .isNotEmpty()
            .allSatisfy(port -> assertThat(port.getPort().getIntVal()).isEqualTo(gatewayPort));
      }
      for (NetworkPolicyEgressRule rule : nullToEmpty(policy.getSpec().getEgress())) {
        assertThat(rule.getPorts())
            .as(Manifests.describe(policy) + " egress must name its ports")
            .isNotEmpty();
      }
    }
    List<Integer> egressPorts =
        policies.stream()
            .flatMap(p -> nullToEmpty(p.getSpec().getEgress()).stream())
            .flatMap(rule -> rule.getPorts().stream())
            .map(port -> port.getPort().getIntVal())
            .toList();
    assertThat(egressPorts).as("DNS and the API server").contains(53, 443, 6443);
  }

  @ParameterizedTest(
      name = "{0}: session pods start with no network until the operator's policy opens it")
  @MethodSource("installs")
  void sandboxNamespaceDeniesByDefault(Install install) throws Exception {
    assertThat(rendered(install).ofType(NetworkPolicy.class))
        .filteredOn(p -> install.sandboxNamespace().equals(p.getMetadata().getNamespace()))
        .anySatisfy(
            p -> {
              assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
              assertThat(p.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
              assertThat(p.getSpec().getPolicyTypes())
                  .containsExactlyInAnyOrder("Ingress", "Egress");
              assertThat(p.getSpec().getEgress()).isNullOrEmpty();
            });
  }

  @ParameterizedTest(name = "{0}: the CRDs are the generated ones in crds/")
  @MethodSource("installs")
  void crdsAreTheGeneratedOnes(Install install) throws Exception {
    Manifests manifests = rendered(install);
    List<CustomResourceDefinition> rendered = manifests.ofType(CustomResourceDefinition.class);
    List<Path> generated;
    try (Stream<Path> files = Files.list(RepositoryPaths.generatedCrds())) {
      generated = files.filter(f -> f.getFileName().toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(generated).as("generated CRD files in crds/").isNotEmpty();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (Path file : generated) {
      JsonNode expected = yaml.readTree(file.toFile());
      String name = expected.path("metadata").path("name").asText();
      CustomResourceDefinition crd = manifests.get(CustomResourceDefinition.class, null, name);
      assertThat(manifests.document(crd).equals(NUMBERS_BY_VALUE, expected))
          .as(
              "%s as rendered differs from %s (numbers compared by value: kustomize writes 6000.0 as 6000)",
              name, file)
          .isTrue();
    }
    assertThat(rendered)
        .extracting(crd -> crd.getMetadata().getName())
        .containsExactlyInAnyOrder("itmcppolicies.itmcp.io", "itmcpsessions.itmcp.io");
  }

  // --- per install
  // --------------------------------------------------------------------------------

  @Test
  void baseNamespacesCarryTheirPodSecurityLevels() throws Exception {
    Manifests manifests = rendered(Install.BASE);
    assertThat(manifests.ofType(Namespace.class))
        .extracting(n -> n.getMetadata().getName())
        .containsExactlyInAnyOrder("itmcp-system", "itmcp-sandboxes");
    Map<String, String> system =
        manifests.get(Namespace.class, null, "itmcp-system").getMetadata().getLabels();
    assertThat(system)
        .containsEntry(PSS + "enforce", "restricted")
        .containsEntry(PSS + "warn", "restricted")
        .containsEntry(PSS + "audit", "restricted");
    Map<String, String> sandboxes =
        manifests.get(Namespace.class, null, "itmcp-sandboxes").getMetadata().getLabels();
    assertThat(sandboxes)
        .as("baseline admits tcpdump's root capture container; restricted warns and audits it")
        .containsEntry(PSS + "enforce", "baseline")
        .containsEntry(PSS + "warn", "restricted")
        .containsEntry(PSS + "audit", "restricted");
    assertThat(onlyContainer(manifests, Install.OPERATOR).getArgs())
        .contains("--egress-mode=network-policy");
    assertThat(manifests.ofKind("CiliumNetworkPolicy")).isEmpty();
  }

  @Test
  void ciliumOverlaySwitchesEgressModeAndGrantsCiliumPoliciesInTheSandboxNamespaceOnly()
      throws Exception {
    Manifests manifests = rendered(Install.CILIUM);
    assertThat(onlyContainer(manifests, Install.OPERATOR).getArgs())
        .contains("--egress-mode=cilium")
        .doesNotContain("--egress-mode=network-policy");
    List<HasMetadata> granting = new ArrayList<>();
    manifests.ofType(Role.class).stream()
        .filter(r -> RbacInvariants.grants(r, "cilium.io", "ciliumnetworkpolicies", "create"))
        .forEach(granting::add);
    manifests.ofType(ClusterRole.class).stream()
        .filter(r -> RbacInvariants.grants(r, "cilium.io", "ciliumnetworkpolicies", "create"))
        .forEach(granting::add);
    assertThat(granting)
        .singleElement()
        .satisfies(
            role -> {
              assertThat(role).isInstanceOf(Role.class);
              assertThat(role.getMetadata().getNamespace()).isEqualTo("itmcp-sandboxes");
            });
    assertThat(rolesBoundTo(manifests, "itmcp-system", Install.OPERATOR))
        .anyMatch(
            r ->
                RbacInvariants.grants(
                    r, "apiextensions.k8s.io", "customresourcedefinitions", "get"));
    assertThat(manifests.ofKind("CiliumNetworkPolicy"))
        .singleElement()
        .satisfies(p -> assertThat(p.getMetadata().getNamespace()).isEqualTo("itmcp-system"));
  }

  @Test
  void singleNamespaceOverlayPutsEverythingInOneNamespace() throws Exception {
    Manifests manifests = rendered(Install.SINGLE_NAMESPACE);
    assertThat(manifests.ofType(Namespace.class))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getMetadata().getName()).isEqualTo("itmcp");
              assertThat(n.getMetadata().getLabels())
                  .containsEntry(PSS + "enforce", "baseline")
                  .containsEntry(PSS + "warn", "restricted")
                  .containsEntry(PSS + "audit", "restricted");
            });
    for (HasMetadata item : manifests.items()) {
      String namespace = item.getMetadata().getNamespace();
      if (namespace != null) {
        assertThat(namespace).as(Manifests.describe(item)).isEqualTo("itmcp");
      }
    }
    List<String> stale =
        manifests.items().stream()
            .filter(
                item ->
                    manifests.document(item).toString().matches("(?s).*itmcp-(system|sandboxes).*"))
            .map(Manifests::describe)
            .toList();
    assertThat(stale).as("objects that still name the two-namespace layout").isEmpty();
    assertThat(manifests.ofType(ClusterRoleBinding.class))
        .as("cluster-wide, only the review APIs are bound")
        .singleElement()
        .satisfies(b -> assertThat(b.getRoleRef().getName()).isEqualTo("itmcp-gateway-auth"));
  }

  // --- helpers
  // ------------------------------------------------------------------------------------

  private static Container onlyContainer(Manifests manifests, String deployment) {
    Deployment found =
        manifests.ofType(Deployment.class).stream()
            .filter(d -> deployment.equals(d.getMetadata().getName()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Deployment " + deployment));
    List<Container> containers = found.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  /**
   * Every Role and ClusterRole bound (by RoleBinding or ClusterRoleBinding) to a ServiceAccount.
   */
  private static List<HasMetadata> rolesBoundTo(
      Manifests manifests, String namespace, String serviceAccount) {
    List<HasMetadata> roles = new ArrayList<>();
    for (RoleBinding binding : manifests.ofType(RoleBinding.class)) {
      if (bindsServiceAccount(binding.getSubjects(), namespace, serviceAccount)) {
        RoleRef ref = binding.getRoleRef();
        if ("Role".equals(ref.getKind())) {
          manifests
              .find(Role.class, binding.getMetadata().getNamespace(), ref.getName())
              .ifPresent(roles::add);
        } else {
          manifests.find(ClusterRole.class, null, ref.getName()).ifPresent(roles::add);
        }
      }
    }
    for (ClusterRoleBinding binding : manifests.ofType(ClusterRoleBinding.class)) {
      if (bindsServiceAccount(binding.getSubjects(), namespace, serviceAccount)) {
        manifests
            .find(ClusterRole.class, null, binding.getRoleRef().getName())
            .ifPresent(roles::add);
      }
    }
    return roles;
  }

  private static boolean bindsServiceAccount(
      List<Subject> subjects, String namespace, String name) {
    return subjects != null
        && subjects.stream()
            .anyMatch(
                s ->
                    "ServiceAccount".equals(s.getKind())
                        && namespace.equals(s.getNamespace())
                        && name.equals(s.getName()));
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
