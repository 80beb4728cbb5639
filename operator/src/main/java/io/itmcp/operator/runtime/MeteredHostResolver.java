package io.itmcp.operator.runtime;

import io.itmcp.operator.dns.HostResolver;
import io.itmcp.operator.dns.Resolution;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the outcomes of the DNS (re-)resolutions of policies' host names, resolved or failed. The
 * name is not a label: policies name any number of hosts.
 */
final class MeteredHostResolver implements HostResolver {

  private final HostResolver resolver;
  private final Counter resolved;
  private final Counter failed;

  MeteredHostResolver(HostResolver resolver, MeterRegistry registry) {
    this.resolver = resolver;
    this.resolved = outcome(registry, "resolved");
    this.failed = outcome(registry, "failed");
  }

  private static Counter outcome(MeterRegistry registry, String outcome) {
    return Counter.builder("itmcp.operator.dns.resolutions")
        .description("DNS resolutions of policy host names by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  @Override
  public Resolution resolve(String name) {
    Resolution resolution = resolver.resolve(name);
    (resolution.resolved() ? resolved : failed).increment();
    return resolution;
  }
}
