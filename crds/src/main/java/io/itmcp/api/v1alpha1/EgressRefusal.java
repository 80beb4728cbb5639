package io.itmcp.api.v1alpha1;


/** An entry that grants nothing at the network layer. */
public class EgressRefusal {

  /** The allowedHosts entry. */
  private String entry;
  /** Why it grants nothing at the network layer. */
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
