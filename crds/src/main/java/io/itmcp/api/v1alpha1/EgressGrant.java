package io.itmcp.api.v1alpha1;

import java.util.List;

/** What one entry opened. */
public class EgressGrant {

  /** The allowedHosts or dnsServers entry. */
  private String entry;
  /** CIDRs opened. */
  private List<String> cidrs;
  /** TCP/UDP ports opened; empty means every port. */
  private List<Integer> ports;

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
