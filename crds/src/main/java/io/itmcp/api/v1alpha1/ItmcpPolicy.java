package io.itmcp.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** An allow-list of tools, hosts, directories and remote commands, kept in Git by a platform team. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("ItmcpPolicy")
@Plural("itmcppolicies")
@Singular("itmcppolicy")
@ShortNames("itp")
public class ItmcpPolicy extends CustomResource<ItmcpPolicySpec, ItmcpPolicyStatus> implements Namespaced {
}
