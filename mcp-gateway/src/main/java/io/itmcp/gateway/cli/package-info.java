/**
 * The gateway's command line ({@code serve}, {@code audit verify}) and the front end for the
 * original ITMCP environment variables ({@code EnvironmentPolicy}, {@code LegacyEnvironment}):
 * options are parsed and checked here, then the runtime, policy, audit and transport are wired.
 */
package io.itmcp.gateway.cli;
