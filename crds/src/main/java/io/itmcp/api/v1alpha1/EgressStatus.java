package io.itmcp.api.v1alpha1;

import java.util.List;

/** The egress rendered for a session. */
public class EgressStatus {

  /** network-policy or cilium. */
  private String mode;
  /** Destinations the rendered policy opens. */
  private List<EgressGrant> granted;
  /** allowedHosts entries that open nothing at the network layer, and why. */
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
