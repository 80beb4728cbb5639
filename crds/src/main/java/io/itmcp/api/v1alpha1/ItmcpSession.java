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

/** One MCP session, created by the gateway and reconciled by the operator into a sandbox pod. */
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "User", jsonPath = ".spec.user.name", type = Type.STRING)
@AdditionalPrinterColumn(name = "Policy", jsonPath = ".spec.policyRef.name", type = Type.STRING)
@AdditionalPrinterColumn(name = "Pod", jsonPath = ".status.podName", type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Expires",
    jsonPath = ".status.expiresAt",
    type = Type.DATE,
    priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@ValidationRule(
    value = "has(self.spec)",
    message = "spec is required: policyRef and user",
    reason = "FieldValueRequired")
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("ItmcpSession")
@Plural("itmcpsessions")
@Singular("itmcpsession")
@ShortNames("its")
public class ItmcpSession extends CustomResource<ItmcpSessionSpec, ItmcpSessionStatus>
    implements Namespaced {}
