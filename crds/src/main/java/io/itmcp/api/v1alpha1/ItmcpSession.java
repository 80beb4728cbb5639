package io.itmcp.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One MCP session, created by the gateway and reconciled by the operator into a sandbox pod. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("ItmcpSession")
@Plural("itmcpsessions")
@Singular("itmcpsession")
@ShortNames("its")
public class ItmcpSession extends CustomResource<ItmcpSessionSpec, ItmcpSessionStatus> implements Namespaced {
}
