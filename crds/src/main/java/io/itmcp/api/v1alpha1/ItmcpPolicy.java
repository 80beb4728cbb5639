package io.itmcp.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An allow-list of tools, hosts, directories and remote commands, kept in Git by a platform team.
 */
@AdditionalPrinterColumn(name = "Active", jsonPath = ".status.activeSessions", type = Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "Tools", jsonPath = ".spec.tools", type = Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@ValidationRule(
    value = "has(self.spec)",
    message = "spec is required: an ItmcpPolicy lists what it allows",
    reason = "FieldValueRequired")
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("ItmcpPolicy")
@Plural("itmcppolicies")
@Singular("itmcppolicy")
@ShortNames("itp")
public class ItmcpPolicy extends CustomResource<ItmcpPolicySpec, ItmcpPolicyStatus>
    implements Namespaced {}
