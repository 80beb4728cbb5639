/**
 * The network tools (ssh, ping, nslookup, telnet, dig, tcpdump): every host, port, DNS server,
 * capture filter and remote command is checked against the policy before an argv is built, and each
 * tool says which of its exit statuses are answers and which mean it could not run.
 */
package io.itmcp.gateway.tools.network;
