package io.itmcp.operator.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a sandbox may send DNS queries: the cluster DNS pods (namespace and pod selectors, and the
 * ports they listen on after the Service's DNAT) and, optionally, a node-local DNS cache address.
 *
 * <p>Platforms differ: kube-dns/CoreDNS listen on 53 in kube-system ({@code k8s-app=kube-dns});
 * OpenShift's dns-default pods listen on 5353 in openshift-dns; NodeLocal DNSCache answers on a
 * link-local address (169.254.20.10 by default) that no pod selector matches. Named ports ({@code
 * UDP:dns,TCP:dns-tcp}) match whatever number the DNS pods declare under those names.
 *
 * @param namespaceLabels namespace selector of the DNS pods
 * @param podLabels pod selector of the DNS pods
 * @param ports protocol and port (number or port name) pairs
 * @param nodeLocalAddress the node-local cache's address, opened on UDP and TCP 53, if any
 */
public record ClusterDns(
    Map<String, String> namespaceLabels,
    Map<String, String> podLabels,
    List<Port> ports,
    Optional<String> nodeLocalAddress) {

  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  public static final int DNS_PORT = 53;

  /** A protocol (UDP or TCP) and a port number or IANA_SVC_NAME. */
  public record Port(String protocol, String port) {
    public Port {
      protocol = protocol.toUpperCase(Locale.ROOT);
      if (!protocol.equals("UDP") && !protocol.equals("TCP")) {
        throw new IllegalArgumentException(
            "cluster DNS port protocol must be UDP or TCP, not '" + protocol + "'");
      }
      if (!isNumber(port)
          && !(port.length() <= 15
              && PORT_NAME.matcher(port).matches()
              && port.matches(".*[a-z].*"))) {
        throw new IllegalArgumentException(
            "cluster DNS port must be 1-65535 or a port name (at most 15 lower-case"
                + " letters, digits and '-'), not '"
                + port
                + "'");
      }
    }

    public boolean numeric() {
      return isNumber(port);
    }

    private static boolean isNumber(String port) {
      if (!port.matches("[1-9][0-9]{0,4}")) {
        return false;
      }
      int n = Integer.parseInt(port);
      return n >= 1 && n <= 65535;
    }
  }

  public ClusterDns {
    namespaceLabels = Map.copyOf(namespaceLabels);
    podLabels = Map.copyOf(podLabels);
    ports = List.copyOf(ports);
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("cluster DNS needs at least one port");
    }
    nodeLocalAddress.ifPresent(ClusterDns::requireIpLiteral);
  }

  /** kube-dns/CoreDNS in kube-system on UDP and TCP 53, no node-local cache. */
  public static ClusterDns kubeDns() {
    return new ClusterDns(
        Map.of("kubernetes.io/metadata.name", "kube-system"),
        Map.of("k8s-app", "kube-dns"),
        List.of(new Port("UDP", "53"), new Port("TCP", "53")),
        Optional.empty());
  }

  public ClusterDns withNamespaceLabels(Map<String, String> value) {
    return new ClusterDns(value, podLabels, ports, nodeLocalAddress);
  }

  public ClusterDns withPodLabels(Map<String, String> value) {
    return new ClusterDns(namespaceLabels, value, ports, nodeLocalAddress);
  }

  public ClusterDns withPorts(List<Port> value) {
    return new ClusterDns(namespaceLabels, podLabels, value, nodeLocalAddress);
  }

  public ClusterDns withNodeLocalAddress(Optional<String> value) {
    return new ClusterDns(namespaceLabels, podLabels, ports, value);
  }

  /** {@code k=v,k=v} as a label map. */
  public static Map<String, String> parseLabels(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value[,key=value], got '" + text + "'");
      }
      labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return labels;
  }

  /** {@code UDP:53,TCP:53} or {@code UDP:dns,TCP:dns-tcp}. */
  public static List<Port> parsePorts(String text) {
    List<Port> ports = new ArrayList<>();
    for (String item : text.split(",")) {
      int colon = item.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "expected PROTOCOL:PORT[,PROTOCOL:PORT], got '" + text + "'");
      }
      ports.add(new Port(item.substring(0, colon).trim(), item.substring(colon + 1).trim()));
    }
    return ports;
  }

  private static void requireIpLiteral(String address) {
    boolean literal =
        address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")
            || address.matches("[0-9A-Fa-f:]*:[0-9A-Fa-f:]*");
    if (!literal) {
      throw new IllegalArgumentException(
          "node-local DNS address must be an IP address, not '" + address + "'");
    }
    try {
      InetAddress.getByName(address);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(
          "node-local DNS address must be an IP address, not '" + address + "'", e);
    }
  }
}
