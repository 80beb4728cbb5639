/**
 * The running operator: JOSDK wiring of both reconcilers, leader election, and the {@code
 * /healthz}, {@code /readyz}, {@code /metrics} server with the Micrometer registry.
 */
package io.itmcp.operator.runtime;
