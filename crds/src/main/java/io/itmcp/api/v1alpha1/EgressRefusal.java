package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Size;

/** An entry that grants nothing at the network layer. */
public class EgressRefusal {

  /** The allowedHosts entry. */
  @Size(max = StatusBounds.ENTRY)
  private String entry;

  /** Why it grants nothing at the network layer. */
  @Size(max = StatusBounds.REASON)
  private String reason;

  public String getEntry() {
    return entry;
  }

  public void setEntry(String entry) {
    this.entry = entry;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }
}
