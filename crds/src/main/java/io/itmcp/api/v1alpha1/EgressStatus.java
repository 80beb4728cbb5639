package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The egress rendered for a session. */
public class EgressStatus {

  /** network-policy or cilium. */
  @Size(max = 32)
  @Pattern("^(network-policy|cilium)$")
  private String mode;

  /** Destinations the rendered policy opens. */
  @Size(max = StatusBounds.EGRESS_ENTRIES)
  private List<EgressGrant> granted;

  /** allowedHosts entries that open nothing at the network layer, and why. */
  @Size(max = StatusBounds.EGRESS_ENTRIES)
  private List<EgressRefusal> notGranted;

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  public List<EgressGrant> getGranted() {
    return granted;
  }

  public void setGranted(List<EgressGrant> granted) {
    this.granted = granted;
  }

  public List<EgressRefusal> getNotGranted() {
    return notGranted;
  }

  public void setNotGranted(List<EgressRefusal> notGranted) {
    this.notGranted = notGranted;
  }
}
