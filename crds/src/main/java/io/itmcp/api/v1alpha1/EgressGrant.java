package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** What one entry opened. */
public class EgressGrant {

  /** The allowedHosts or dnsServers entry. */
  @Size(max = StatusBounds.ENTRY)
  private String entry;

  /** CIDRs opened. */
  @Size(max = StatusBounds.CIDRS)
  private List<@Size(max = 43) @Pattern(SchemaPatterns.CIDR) String> cidrs;

  /** TCP/UDP ports opened; empty means every port. */
  @Size(max = StatusBounds.PORTS)
  private List<@Min(1) @Max(65535) Integer> ports;

  public String getEntry() {
    return entry;
  }

  public void setEntry(String entry) {
    this.entry = entry;
  }

  public List<String> getCidrs() {
    return cidrs;
  }

  public void setCidrs(List<String> cidrs) {
    this.cidrs = cidrs;
  }

  public List<Integer> getPorts() {
    return ports;
  }

  public void setPorts(List<Integer> ports) {
    this.ports = ports;
  }
}
