/**
 * Who is calling: an {@code Authenticator} turns a bearer token into an {@code Identity} (user and
 * groups) — a static token file here, TokenReview in {@code kubernetes} — and a {@code
 * PolicyAuthorizer} decides whether that identity may use a policy. Tokens are compared in constant
 * time and never logged.
 */
package io.itmcp.gateway.auth;
