package io.itmcp.operator.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.api.v1alpha1.ApiGroup;
import io.itmcp.api.v1alpha1.EgressStatus;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.dns.HostResolver;
import io.itmcp.operator.dns.PolicyNameResolver;
import io.itmcp.operator.dns.StaticHostResolver;
import io.itmcp.operator.dns.SystemHostResolver;
import io.itmcp.operator.render.RenderedSession;
import io.itmcp.operator.render.SessionRenderInput;
import io.itmcp.operator.render.SessionRenderer;
import io.itmcp.operator.render.SessionTimes;
import io.itmcp.operator.render.YamlDocuments;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.HostRule;
import io.itmcp.policy.PolicyLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints, as multi-document YAML, exactly the objects the operator would create for a session: Pod,
 * NetworkPolicy and (cilium mode) CiliumNetworkPolicy, preceded by comment lines saying which
 * entries grant nothing, when ssh is enabled what each remote-command rule allows, and for
 * traceroute, http_check and tls_check which entries they can use ({@link ProbeToolNotes}). No
 * cluster; no DNS unless {@code --dns}: names not given with {@code --resolve} count as unresolved,
 * so a review render is the same on every machine. Without {@code --session} it renders for a
 * {@link ReviewSession}, which is all a policy review needs.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description =
        "Print the Pod, NetworkPolicy (and CiliumNetworkPolicy) the operator would create for a session.")
public final class RenderCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--policy",
      required = true,
      paramLabel = "FILE",
      description = "ItmcpPolicy YAML")
  Path policyFile;

  @Option(
      names = "--session",
      paramLabel = "FILE",
      description =
          "ItmcpSession YAML (default: a review session of user '"
              + ReviewSession.USER
              + "' for the policy, in its namespace)")
  Path sessionFile;

  @Option(
      names = "--resolve",
      paramLabel = "HOST=IP[,IP...]",
      description = "Addresses of a named host (repeat per host; IPv4 and IPv6)")
  List<String> resolve = new ArrayList<>();

  @Option(
      names = "--egress-mode",
      paramLabel = "MODE",
      defaultValue = "network-policy",
      description = "network-policy or cilium (default: ${DEFAULT-VALUE})")
  String egressMode;

  @Option(
      names = "--dns",
      description = "Resolve names not given with --resolve through the system resolver")
  boolean dns;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      EgressMode mode = EgressMode.fromWire(egressMode);
      if (mode == EgressMode.AUTO) {
        throw new IllegalArgumentException(
            "render needs an explicit --egress-mode: network-policy or cilium");
      }
      ItmcpPolicy policy = PolicyLoader.fromYaml(policyFile);
      ItmcpSession session =
          sessionFile == null
              ? ReviewSession.of(policy)
              : read(sessionFile, ItmcpSession.class, "ItmcpSession");
      checkReference(policy, session);
      OperatorOptions options = OperatorOptions.builder().egressMode(mode).build();
      HostResolver fallback =
          dns ? new SystemHostResolver() : StaticHostResolver.unresolvedFallback();
      HostResolver resolver =
          new StaticHostResolver(StaticHostResolver.parseFlags(resolve), fallback);
      EffectivePolicy effective =
          EffectivePolicy.compile(policy.getMetadata().getName(), policy.getSpec());
      Instant created = SessionTimes.created(session, Instant.now());
      List<String> names = new ArrayList<>();
      for (String entry :
          policy.getSpec().getAllowedHosts() == null
              ? List.<String>of()
              : policy.getSpec().getAllowedHosts()) {
        HostRule rule = HostRule.parse(entry);
        if (rule.kind() == HostRule.Kind.NAME) {
          names.add(rule.name());
        }
      }
      var outcome = new PolicyNameResolver(resolver, options).resolve(names, List.of(), created);
      RenderedSession rendered =
          new SessionRenderer(options)
              .render(
                  new SessionRenderInput(
                      session, policy, effective, outcome.names(), mode, created));
      List<HasMetadata> documents = new ArrayList<>();
      documents.add(rendered.pod());
      documents.add(rendered.networkPolicy());
      rendered.ciliumPolicy().ifPresent(documents::add);
      PrintWriter out = spec.commandLine().getOut();
      out.print(comments(rendered.egress()));
      out.print(sshNotes(effective));
      out.print(ProbeToolNotes.of(effective));
      out.print(YamlDocuments.write(documents));
      out.flush();
      return 0;
    } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
      err.println("render: " + e.getMessage());
      err.flush();
      return 2;
    }
  }

  private static void checkReference(ItmcpPolicy policy, ItmcpSession session) {
    String wanted =
        session.getSpec() == null || session.getSpec().getPolicyRef() == null
            ? null
            : session.getSpec().getPolicyRef().getName();
    if (!policy.getMetadata().getName().equals(wanted)) {
      throw new IllegalArgumentException(
          "the session's policyRef names '"
              + wanted
              + "' but --policy is '"
              + policy.getMetadata().getName()
              + "'");
    }
    if (session.getMetadata().getNamespace() == null) {
      session
          .getMetadata()
          .setNamespace(
              policy.getMetadata().getNamespace() == null
                  ? "default"
                  : policy.getMetadata().getNamespace());
    }
    if (policy.getMetadata().getNamespace() != null
        && !policy.getMetadata().getNamespace().equals(session.getMetadata().getNamespace())) {
      throw new IllegalArgumentException(
          "the session is in namespace "
              + session.getMetadata().getNamespace()
              + " but the policy in "
              + policy.getMetadata().getNamespace()
              + "; a session uses a policy of its namespace");
    }
  }

  private static String comments(EgressStatus egress) {
    StringBuilder out = new StringBuilder("# egress mode: ").append(egress.getMode()).append('\n');
    egress
        .getGranted()
        .forEach(
            g ->
                out.append("# granted: ")
                    .append(g.getEntry())
                    .append(
                        g.getCidrs() == null || g.getCidrs().isEmpty()
                            ? " (by FQDN)"
                            : " -> " + String.join(", ", g.getCidrs()))
                    .append(
                        g.getPorts() == null || g.getPorts().isEmpty()
                            ? " (all ports)"
                            : " ports " + g.getPorts())
                    .append('\n'));
    egress
        .getNotGranted()
        .forEach(
            r ->
                out.append("# NOT granted: ")
                    .append(r.getEntry())
                    .append(": ")
                    .append(r.getReason())
                    .append('\n'));
    return out.toString();
  }

  /**
   * What ssh_tool may run, one rule per line, so a reviewer sees exact commands and what may follow
   * others.
   */
  private static String sshNotes(EffectivePolicy effective) {
    if (!effective.tools().contains(ToolName.SSH)) {
      return "";
    }
    List<String> notes = effective.remoteCommands().notes();
    if (notes.isEmpty()) {
      return "# ssh: no remote command is allowed (allowedRemoteCommands and remoteCommandRules are empty)\n";
    }
    StringBuilder out = new StringBuilder();
    notes.forEach(n -> out.append("# ssh allows: ").append(n).append('\n'));
    return out.toString();
  }

  private static <T extends HasMetadata> T read(Path file, Class<T> type, String kind)
      throws IOException {
    String yaml = Files.readString(file);
    try {
      GenericKubernetesResource generic =
          Serialization.unmarshal(yaml, GenericKubernetesResource.class);
      if (generic == null
          || !kind.equals(generic.getKind())
          || !ApiGroup.API_VERSION.equals(generic.getApiVersion())
          || generic.getMetadata() == null
          || generic.getMetadata().getName() == null) {
        throw new IllegalArgumentException(
            file + " is not an " + kind + " of " + ApiGroup.API_VERSION + " with a metadata.name");
      }
      return Serialization.unmarshal(yaml, type);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new IllegalArgumentException("cannot read " + file + " as " + kind + ": " + why);
    }
  }
}
