package io.itmcp.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.api.v1alpha1.ResolvedHost;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.policy.IpLiterals;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyNameResolverTest {
  static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
  static final OperatorOptions OPTIONS = OperatorOptions.defaults();

  static InetAddress ip(String literal) {
    return IpLiterals.parseLiteral(literal).orElseThrow();
  }

  @Test
  void resolvesSortsAndCanonicalisesAddresses() {
    HostResolver dns =
        name ->
            Resolution.of(
                List.of(ip("2001:db8:0:0:0:0:0:10"), ip("192.0.2.10"), ip("192.0.2.10")),
                Optional.empty());
    var outcome = new PolicyNameResolver(dns, OPTIONS).resolve(List.of("db.example.com"), null, T0);
    assertThat(outcome.resolvedHosts())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.getHost()).isEqualTo("db.example.com");
              assertThat(h.getAddresses()).containsExactly("192.0.2.10", "2001:db8::10");
              assertThat(h.getResolvedAt()).isEqualTo(T0.toString());
            });
    assertThat(outcome.failures()).isEmpty();
    assertThat(outcome.names().addressesOf("db.example.com")).hasSize(2);
  }

  @Test
  void theRefreshIsTheTtlBoundedByFloorAndCeiling() {
    var resolver =
        new PolicyNameResolver(
            name ->
                Resolution.of(
                    List.of(ip("192.0.2.1")),
                    Optional.of(
                        Duration.ofSeconds(
                            name.startsWith("short")
                                ? 1
                                : name.startsWith("long") ? 86_400 : 120))),
            OPTIONS);
    assertThat(resolver.resolve(List.of("short.example"), null, T0).refreshAfter())
        .isEqualTo(OPTIONS.dnsTtlFloor());
    assertThat(resolver.resolve(List.of("long.example"), null, T0).refreshAfter())
        .isEqualTo(OPTIONS.dnsTtlCeiling());
    assertThat(resolver.resolve(List.of("mid.example", "long.example"), null, T0).refreshAfter())
        .isEqualTo(Duration.ofSeconds(120));
    assertThat(
            new PolicyNameResolver(
                    name -> Resolution.of(List.of(ip("192.0.2.1")), Optional.empty()), OPTIONS)
                .resolve(List.of("x.example"), null, T0)
                .refreshAfter())
        .isEqualTo(OPTIONS.dnsDefaultTtl());
  }

  @Test
  void anUnchangedAnswerKeepsItsTimestampSoNothingIsRewritten() {
    HostResolver dns = name -> Resolution.of(List.of(ip("192.0.2.10")), Optional.empty());
    var first = new PolicyNameResolver(dns, OPTIONS).resolve(List.of("db.example.com"), null, T0);
    var second =
        new PolicyNameResolver(dns, OPTIONS)
            .resolve(List.of("db.example.com"), first.resolvedHosts(), T0.plusSeconds(60));
    assertThat(second.resolvedHosts().get(0).getResolvedAt()).isEqualTo(T0.toString());
    HostResolver changed = name -> Resolution.of(List.of(ip("192.0.2.11")), Optional.empty());
    var third =
        new PolicyNameResolver(changed, OPTIONS)
            .resolve(List.of("db.example.com"), second.resolvedHosts(), T0.plusSeconds(120));
    assertThat(third.resolvedHosts().get(0).getResolvedAt())
        .isEqualTo(T0.plusSeconds(120).toString());
  }

  @Test
  void aFailureFailsClosedAndIsRetriedAtTheFloor() {
    ResolvedHost old = new ResolvedHost();
    old.setHost("gone.example.com");
    old.setAddresses(List.of("192.0.2.10"));
    old.setResolvedAt(T0.toString());
    var outcome =
        new PolicyNameResolver(name -> Resolution.failed("NXDOMAIN"), OPTIONS)
            .resolve(List.of("gone.example.com"), List.of(old), T0.plusSeconds(60));
    assertThat(outcome.resolvedHosts().get(0).getAddresses()).isEmpty();
    assertThat(outcome.failures()).containsEntry("gone.example.com", "NXDOMAIN");
    assertThat(outcome.refreshAfter()).isEqualTo(OPTIONS.dnsTtlFloor());
    assertThat(outcome.names().addressesOf("gone.example.com")).isEmpty();
  }

  @Test
  void staticTableForTheRenderCommand() {
    Map<String, List<InetAddress>> table =
        StaticHostResolver.parseFlags(
            List.of("DB.Example.com.=192.0.2.10,2001:db8::10", "db.example.com=192.0.2.11"));
    HostResolver resolver = new StaticHostResolver(table, StaticHostResolver.unresolvedFallback());
    assertThat(resolver.resolve("db.example.com").addresses()).hasSize(3);
    assertThat(resolver.resolve("other.example.com").failure())
        .contains("--resolve other.example.com=IP");
    assertThatThrownBy(() -> StaticHostResolver.parseFlags(List.of("x=localhost")))
        .hasMessageContaining("'localhost' is not an IPv4 or IPv6 address");
    assertThatThrownBy(() -> StaticHostResolver.parseFlags(List.of("x=")))
        .hasMessageContaining("expected HOST=IP");
    assertThatThrownBy(() -> StaticHostResolver.parseFlags(List.of("x=010.1.1.1")))
        .hasMessageContaining("not an IPv4 or IPv6 address");
  }

  @Test
  void theSystemResolverNeverLooksUpAnAddressLiteral() {
    assertThat(new SystemHostResolver().resolve("192.0.2.1").failure()).contains("is an address");
  }
}
