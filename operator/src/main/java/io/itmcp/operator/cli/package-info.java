/**
 * The operator's command line: {@code run} (the operator) and {@code render} (print what the
 * operator would create for a policy, for review in a pull request, without a cluster).
 */
package io.itmcp.operator.cli;
