package io.itmcp.gateway.cli;

/**
 * {@code serve --auth}: how bearer tokens are checked. The constants are the words typed on the
 * command line (lower case), so that picocli's candidates, matching and refusal all use them.
 */
enum AuthMethod {
  /** Kubernetes TokenReview (the kubernetes runtime only) */
  tokenreview,
  /** the {@code --tokens} file of token hashes */
  tokens,
  /** OAuth access tokens of {@code --oidc-issuer} */
  oidc
}
