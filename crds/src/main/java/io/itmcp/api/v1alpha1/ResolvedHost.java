package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A host name and the addresses it resolved to. */
public class ResolvedHost {

  /** The host name from allowedHosts. */
  @Size(max = StatusBounds.HOST)
  private String host;

  /** A and AAAA addresses. */
  @Size(max = StatusBounds.ADDRESSES)
  private List<@Size(max = 39) @Pattern(SchemaPatterns.IP_ADDRESS) String> addresses;

  /** When it was resolved (RFC 3339). */
  @Size(max = 64)
  @Pattern(SchemaPatterns.RFC3339)
  private String resolvedAt;

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public List<String> getAddresses() {
    return addresses;
  }

  public void setAddresses(List<String> addresses) {
    this.addresses = addresses;
  }

  public String getResolvedAt() {
    return resolvedAt;
  }

  public void setResolvedAt(String resolvedAt) {
    this.resolvedAt = resolvedAt;
  }
}
