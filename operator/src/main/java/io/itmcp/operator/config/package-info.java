/**
 * The operator's options (namespaces, egress mode, sandbox image, leader election, ports) as
 * immutable values; parsed in {@code cli}, read everywhere else.
 */
package io.itmcp.operator.config;
