package io.itmcp.gateway.server;

import io.itmcp.gateway.auth.Identity;
import io.itmcp.policy.EffectivePolicy;
import io.modelcontextprotocol.common.McpTransportContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** What the HTTP transport hands to tool handlers through the SDK's transport context. */
public final class GatewayContext {

  public static final String IDENTITY_KEY = "io.itmcp/identity";

  /**
   * The policy of the request's endpoint ({@code /mcp/{policy}}), read at most once per request.
   */
  public static final String POLICY_KEY = "io.itmcp/policy";

  /** The legacy protocol version a request named in its {@code MCP-Protocol-Version} header. */
  /** The W3C trace context of the HTTP request, an OpenTelemetry {@code Context}. */
  public static final String TRACE_KEY = "io.itmcp/trace";

  public static final String LEGACY_PROTOCOL_VERSION_KEY = "io.itmcp/legacy-protocol-version";

  private GatewayContext() {}

  public static McpTransportContext of(Identity identity) {
    return of(identity, null);
  }

  /**
   * @param policy the request's policy, read lazily and once; null where the transport has one
   *     fixed policy
   */
  public static McpTransportContext of(Identity identity, Supplier<EffectivePolicy> policy) {
    return of(identity, policy, null);
  }

  /**
   * @param legacyProtocolVersion the request's {@code MCP-Protocol-Version} header; null when
   *     absent
   */
  public static McpTransportContext of(
      Identity identity, Supplier<EffectivePolicy> policy, String legacyProtocolVersion) {
    return of(identity, policy, legacyProtocolVersion, null);
  }

  /**
   * @param trace the request's W3C trace context from its headers; null when it has none
   */
  public static McpTransportContext of(
      Identity identity,
      Supplier<EffectivePolicy> policy,
      String legacyProtocolVersion,
      io.opentelemetry.context.Context trace) {
    Map<String, Object> values = new HashMap<>();
    if (trace != null) {
      values.put(TRACE_KEY, trace);
    }
    if (legacyProtocolVersion != null && !legacyProtocolVersion.isBlank()) {
      values.put(LEGACY_PROTOCOL_VERSION_KEY, legacyProtocolVersion);
    }
    if (identity != null) {
      values.put(IDENTITY_KEY, identity);
    }
    if (policy != null) {
      values.put(POLICY_KEY, memoize(policy));
    }
    return values.isEmpty()
        ? McpTransportContext.EMPTY
        : McpTransportContext.create(Map.copyOf(values));
  }

  public static Optional<Identity> identity(McpTransportContext context) {
    if (context == null) {
      return Optional.empty();
    }
    return context.get(IDENTITY_KEY) instanceof Identity id ? Optional.of(id) : Optional.empty();
  }

  /** The trace context the transport received; the root context when none. */
  public static io.opentelemetry.context.Context trace(McpTransportContext context) {
    return context != null && context.get(TRACE_KEY) instanceof io.opentelemetry.context.Context c
        ? c
        : io.opentelemetry.context.Context.root();
  }

  public static String legacyProtocolVersion(McpTransportContext context) {
    return context != null && context.get(LEGACY_PROTOCOL_VERSION_KEY) instanceof String v
        ? v
        : null;
  }

  /** The request's policy as read now, when the transport names one per request. */
  @SuppressWarnings("unchecked")
  public static Optional<Supplier<EffectivePolicy>> policy(McpTransportContext context) {
    if (context == null) {
      return Optional.empty();
    }
    return context.get(POLICY_KEY) instanceof Supplier<?> s
        ? Optional.of((Supplier<EffectivePolicy>) s)
        : Optional.empty();
  }

  private static Supplier<EffectivePolicy> memoize(Supplier<EffectivePolicy> read) {
    return new Supplier<>() {
      private EffectivePolicy value;
      private RuntimeException failure;

      @Override
      public synchronized EffectivePolicy get() {
        if (value == null && failure == null) {
          try {
            value = read.get();
          } catch (RuntimeException e) {
            failure = e;
          }
        }
        if (failure != null) {
          throw failure;
        }
        return value;
      }
    };
  }
}
