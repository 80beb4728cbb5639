package io.itmcp.api.v1alpha1;

/**
 * The regular expressions the CRD schema checks strings against.
 *
 * <p>The API server evaluates them with Go's RE2: no look-around, no back-references, and {@code $}
 * matches only at the very end of the text. Every pattern is anchored because a Kubernetes {@code
 * pattern} is a search, not a full match. They refuse garbage at admission; the policy engine still
 * parses every value canonically before it trusts it.
 */
final class SchemaPatterns {

  /** A DNS-1123 subdomain: the name of a ConfigMap, Secret, PVC, RuntimeClass or ItmcpPolicy. */
  static final String DNS1123_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A DNS-1123 label: the name of a volume. */
  static final String DNS1123_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

  /** Strict dotted quad: refuses 127.1, 0177.0.0.1, 0x7f.0.0.1 and 2130706433. */
  private static final String IPV4 = OCTET + "(\\." + OCTET + "){3}";

  private static final String H16 = "[0-9A-Fa-f]{1,4}";

  /** RFC 4291 text forms without an embedded dotted quad and without a zone id. */
  private static final String IPV6 =
      "("
          + "("
          + H16
          + ":){7}"
          + H16
          + "|("
          + H16
          + ":){1,7}:"
          + "|("
          + H16
          + ":){1,6}:"
          + H16
          + "|("
          + H16
          + ":){1,5}(:"
          + H16
          + "){1,2}"
          + "|("
          + H16
          + ":){1,4}(:"
          + H16
          + "){1,3}"
          + "|("
          + H16
          + ":){1,3}(:"
          + H16
          + "){1,4}"
          + "|("
          + H16
          + ":){1,2}(:"
          + H16
          + "){1,5}"
          + "|"
          + H16
          + ":(:"
          + H16
          + "){1,6}"
          + "|:((:"
          + H16
          + "){1,7}|:)"
          + ")";

  private static final String IPV4_PREFIX = "/([0-9]|[12][0-9]|3[0-2])";
  private static final String IPV6_PREFIX = "/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])";

  /** 1..65535 without leading zeros. */
  private static final String PORT =
      "([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])";

  private static final String LABEL = "[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?";

  /**
   * The last label starts with a letter, so an all-numeric name cannot pose as an odd IPv4 form.
   */
  private static final String TOP_LABEL = "[A-Za-z]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?";

  private static final String NAME = "(" + LABEL + "\\.)*" + TOP_LABEL + "\\.?";
  private static final String WILDCARD = "\\*\\.(" + LABEL + "\\.)*" + TOP_LABEL + "\\.?";

  /**
   * An allowedHosts entry: name, *.wildcard, IPv4, IPv4 CIDR, each optionally with :port; IPv6 or
   * IPv6 CIDR bare, or in brackets with an optional :port.
   */
  static final String HOST_ENTRY =
      "^("
          + "("
          + NAME
          + "|"
          + WILDCARD
          + "|"
          + IPV4
          + "("
          + IPV4_PREFIX
          + ")?)(:"
          + PORT
          + ")?"
          + "|"
          + IPV6
          + "("
          + IPV6_PREFIX
          + ")?"
          + "|\\["
          + IPV6
          + "("
          + IPV6_PREFIX
          + ")?\\](:"
          + PORT
          + ")?"
          + ")$";

  /** An IP address only: IPv4 dotted quad or IPv6, no port, no prefix. */
  static final String IP_ADDRESS = "^(" + IPV4 + "|" + IPV6 + ")$";

  /** A CIDR as the operator writes it into status. */
  static final String CIDR = "^(" + IPV4 + IPV4_PREFIX + "|" + IPV6 + IPV6_PREFIX + ")$";

  private static final String PATH_CHAR = "[^/\\x00-\\x1f\\x7f]";
  private static final String PATH_CHAR_NOT_DOT = "[^./\\x00-\\x1f\\x7f]";

  /**
   * An absolute, canonical directory: one or more non-empty components, none of them {@code .} or
   * {@code ..} (a component needs one character that is not a dot), no control character, no
   * trailing slash. The root directory itself is refused: a policy names what it opens.
   */
  static final String ABSOLUTE_DIRECTORY =
      "^(/" + PATH_CHAR + "*" + PATH_CHAR_NOT_DOT + PATH_CHAR + "*)+$";

  /** An ssh allow-list entry: whole tokens of plain characters separated by single spaces. */
  static final String REMOTE_COMMAND = "^[A-Za-z0-9_.,:=+@%/-]+( [A-Za-z0-9_.,:=+@%/-]+)*$";

  /**
   * An option a remote-command rule names: '-' or '+', then word characters; optionally one space
   * and a pattern (printable ASCII) for the option's value.
   */
  static final String REMOTE_OPTION = "^[-+][A-Za-z0-9_.,:=+@%/-]+( [ -~]+)?$";

  /** A regular expression as a policy writes it: printable ASCII. */
  static final String ASCII_PATTERN = "^[ -~]+$";

  /** A login name for ssh: no '@', no ':', no whitespace, no leading '-'. */
  static final String LOGIN_NAME = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$";

  private static final String IMAGE_COMPONENT = "[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*";

  /** registry[:port]/path[:tag][@sha256:digest], as the distribution reference grammar allows. */
  static final String IMAGE =
      "^([A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]{1,5})?/)?"
          + IMAGE_COMPONENT
          + "(/"
          + IMAGE_COMPONENT
          + ")*"
          + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
          + "(@sha256:[a-f0-9]{64})?$";

  /**
   * A label key or taint key: an optional DNS-1123 subdomain prefix and '/', then a name; or empty.
   */
  static final String QUALIFIED_NAME_OR_EMPTY =
      "^(([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$";

  /** A label value for nodeSelector. */
  static final String LABEL_VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";

  /** Printable text without control characters: names, versions, messages. */
  static final String PRINTABLE = "^[^\\x00-\\x1f\\x7f]*$";

  /** RFC 3339 date-time as Kubernetes writes it. */
  static final String RFC3339 =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$";

  private SchemaPatterns() {}
}
