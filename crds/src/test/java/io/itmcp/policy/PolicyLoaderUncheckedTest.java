package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stdio gateway binds its policy file first and checks the CRD's rules beside its start: the two
 * halves together refuse exactly what {@link PolicyLoader#fromYaml} refuses, with the same words,
 * and the first half refuses at once whatever is not an ItmcpPolicy at all.
 */
class PolicyLoaderUncheckedTest {

  private static final String HEADER =
      "apiVersion: itmcp.io/v1alpha1\nkind: ItmcpPolicy\nmetadata:\n  name: p\n";

  @TempDir Path tmp;

  @Test
  void aPolicyOnlyTheCelRulesRefuseBindsAndItsCheckRefusesItAsFromYamlDoes() throws Exception {
    Path file =
        Files.writeString(
            tmp.resolve("ssh.yaml"),
            HEADER
                + "spec:\n  tools: [ssh, ping]\n  allowedHosts: [router.example.com]\n"
                + "  allowedRemoteCommands: [show version]\n");

    PolicyLoader.Unchecked read = PolicyLoader.fromYamlUnchecked(file);

    assertThat(read.unchecked().getSpec().getTools()).hasSize(2);
    String refusal = catchMessage(() -> PolicyLoader.fromYaml(file));
    assertThat(refusal).contains("the ssh tool needs spec.ssh.secretRef");
    assertThatThrownBy(read::check)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(refusal);
  }

  @Test
  void aValidPolicyPassesItsCheckAsTheSamePolicy() throws Exception {
    Path file = Files.writeString(tmp.resolve("ok.yaml"), HEADER + "spec:\n  tools: [ping]\n");

    PolicyLoader.Unchecked read = PolicyLoader.fromYamlUnchecked(file);

    assertThat(read.check()).isSameAs(read.unchecked());
    assertThat(read.check().getSpec().getTools())
        .isEqualTo(PolicyLoader.fromYaml(file).getSpec().getTools());
  }

  @Test
  void whatIsNoItmcpPolicyOrCannotBeReadIsRefusedBeforeAnyCheck() throws Exception {
    Path configMap = Files.writeString(tmp.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\n");
    Path unknownField =
        Files.writeString(tmp.resolve("typo.yaml"), HEADER + "spec:\n  tols: [ping]\n");

    assertThatThrownBy(() -> PolicyLoader.fromYamlUnchecked(configMap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected apiVersion itmcp.io/v1alpha1 and kind ItmcpPolicy");
    assertThatThrownBy(() -> PolicyLoader.fromYamlUnchecked(unknownField))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tols");
    assertThatThrownBy(() -> PolicyLoader.fromYamlUnchecked(tmp.resolve("absent.yaml")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("absent.yaml");
  }

  private static String catchMessage(Runnable r) {
    try {
      r.run();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("not refused");
  }
}
