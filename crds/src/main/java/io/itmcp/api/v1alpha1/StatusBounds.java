package io.itmcp.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * The size bounds of every status field, used both by the CRD schema (through the annotations on
 * the status types) and by {@link #cap}, which every writer applies before it writes: the API
 * server refuses a status one character or one item over its bound (422), and a status that cannot
 * be written leaves a session that never becomes Ready. Text over its bound is cut and says how
 * much was cut; a list over its bound keeps its first items and, where the list has room for prose,
 * ends with one entry saying how many were left out.
 */
public final class StatusBounds {
  public static final int MESSAGE = 4096;
  public static final int CONDITIONS = 16;

  /** metav1.Condition's own bound on a message. */
  public static final int CONDITION_MESSAGE = 32768;

  public static final int EGRESS_ENTRIES = 1024;
  public static final int ENTRY = 261;
  public static final int REASON = 1024;
  public static final int CIDRS = 256;
  public static final int PORTS = 64;
  public static final int RESOLVED_HOSTS = 512;
  public static final int ADDRESSES = 64;
  public static final int HOST = 261;

  private StatusBounds() {}

  /** The session status, cut to the schema's bounds (in place); returns it. */
  public static ItmcpSessionStatus cap(ItmcpSessionStatus status) {
    if (status == null) {
      return null;
    }
    status.setMessage(text(status.getMessage(), MESSAGE));
    status.setConditions(conditions(status.getConditions()));
    EgressStatus egress = status.getEgress();
    if (egress != null) {
      if (egress.getGranted() != null) {
        List<EgressGrant> granted = new ArrayList<>();
        for (EgressGrant grant : egress.getGranted()) {
          grant.setEntry(text(grant.getEntry(), ENTRY));
          grant.setCidrs(head(grant.getCidrs(), CIDRS));
          grant.setPorts(head(grant.getPorts(), PORTS));
          granted.add(grant);
        }
        if (granted.size() > EGRESS_ENTRIES) {
          int left = granted.size() - (EGRESS_ENTRIES - 1);
          granted = new ArrayList<>(granted.subList(0, EGRESS_ENTRIES - 1));
          EgressGrant more = new EgressGrant();
          more.setEntry("(" + left + " more entries not listed)");
          more.setCidrs(List.of());
          more.setPorts(List.of());
          granted.add(more);
        }
        egress.setGranted(granted);
      }
      if (egress.getNotGranted() != null) {
        List<EgressRefusal> refused = new ArrayList<>();
        for (EgressRefusal refusal : egress.getNotGranted()) {
          refusal.setEntry(text(refusal.getEntry(), ENTRY));
          refusal.setReason(text(refusal.getReason(), REASON));
          refused.add(refusal);
        }
        if (refused.size() > EGRESS_ENTRIES) {
          int left = refused.size() - (EGRESS_ENTRIES - 1);
          refused = new ArrayList<>(refused.subList(0, EGRESS_ENTRIES - 1));
          EgressRefusal more = new EgressRefusal();
          more.setEntry("(" + left + " more entries)");
          more.setReason(
              left
                  + " more entries grant nothing at the network layer; they are not listed, "
                  + "because a status holds at most "
                  + EGRESS_ENTRIES
                  + " entries");
          refused.add(more);
        }
        egress.setNotGranted(refused);
      }
    }
    return status;
  }

  /** The policy status, cut to the schema's bounds (in place); returns it. */
  public static ItmcpPolicyStatus cap(ItmcpPolicyStatus status) {
    if (status == null) {
      return null;
    }
    status.setConditions(conditions(status.getConditions()));
    if (status.getResolvedHosts() != null) {
      List<ResolvedHost> hosts = head(status.getResolvedHosts(), RESOLVED_HOSTS);
      for (ResolvedHost host : hosts) {
        host.setHost(text(host.getHost(), HOST));
        host.setAddresses(head(host.getAddresses(), ADDRESSES));
      }
      status.setResolvedHosts(hosts);
    }
    return status;
  }

  /** Text cut to {@code max} characters (code points), ending with how long it was. */
  public static String text(String value, int max) {
    if (value == null || value.codePointCount(0, value.length()) <= max) {
      return value;
    }
    String marker = "… (cut; " + value.codePointCount(0, value.length()) + " characters in all)";
    int keep = max - marker.length();
    return value.substring(0, value.offsetByCodePoints(0, keep)) + marker;
  }

  /** The first {@code max} items of a list (a copy), or the list itself when it fits. */
  public static <T> List<T> head(List<T> list, int max) {
    return list == null || list.size() <= max ? list : new ArrayList<>(list.subList(0, max));
  }

  private static List<Condition> conditions(List<Condition> conditions) {
    List<Condition> kept = head(conditions, CONDITIONS);
    if (kept != null) {
      kept.forEach(c -> c.setMessage(text(c.getMessage(), CONDITION_MESSAGE)));
    }
    return kept;
  }
}
