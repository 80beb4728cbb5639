/**
 * Pure renderers: an ItmcpSession, its policy and the resolved addresses in; the Pod, the
 * NetworkPolicy and (cilium mode) the CiliumNetworkPolicy out, plus the egress plan saying which
 * entries grant what and which grant nothing. No client and no clock, so every rule is tested
 * against golden files and Kubernetes' own validation rules without a server.
 */
package io.itmcp.operator.render;
