package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.ssh.SshKeyDirectory;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.policy.PolicyRefusedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random inputs (a cheap fuzz, no extra dependency): whatever a caller sends, a tool either
 * refuses it with ToolArgumentException / PolicyRefusedException or builds an argv without control
 * characters. Any other exception is a bug (it would surface as an internal failure).
 */
class ToolInputFuzzTest {

  @TempDir Path keys;

  private static final String ALPHABET =
      "abcz019.-_/:@%$`;|&<>()[]{}*?~!#^'\"\\ \t\n\u0000\u202e\u200b\u00e9\u0430=+,";
  private static final List<String> SEEDS =
      List.of(
          "127.0.0.1",
          "db.example.com",
          "/var/log/syslog",
          "uname -a",
          "host 127.0.0.1",
          "lo",
          "aux",
          "A",
          "+short",
          "10.0.0.5",
          "firewall.local",
          "admin");

  @Test
  void randomInputsAreRefusedCleanlyOrYieldCleanArgv() throws IOException {
    Files.writeString(keys.resolve("id_ed25519"), "k\n");
    Files.writeString(keys.resolve("known_hosts"), "");
    List<ToolDefinition> tools =
        ToolCatalog.all(SshKeyDirectory.mountedSecret(keys), TestPolicies.NO_LOOKUPS);
    Random random = new Random(20261124L);
    int refused = 0;
    int accepted = 0;
    List<String> bugs = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      ToolDefinition tool = tools.get(random.nextInt(tools.size()));
      Map<String, Object> args = new HashMap<>(HostileCallsTest.VALID.get(tool.name()));
      @SuppressWarnings("unchecked")
      Map<String, Object> props = (Map<String, Object>) tool.inputSchema().get("properties");
      List<String> fields = new ArrayList<>(props.keySet());
      int mutations = 1 + random.nextInt(2);
      for (int m = 0; m < mutations && !fields.isEmpty(); m++) {
        args.put(fields.get(random.nextInt(fields.size())), randomValue(random));
      }
      try {
        ToolPlan plan = tool.plan(args, HostileCallsTest.POLICY);
        accepted++;
        for (String token : plan.argv()) {
          if (token.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0x202e || c == 0x200b)) {
            bugs.add(tool.name() + " built a token with a control character from " + args);
          }
        }
      } catch (ToolArgumentException | PolicyRefusedException e) {
        refused++;
      } catch (RuntimeException e) {
        bugs.add(tool.name() + " threw " + e + " for " + args);
      }
    }
    System.out.println(
        "fuzz: " + refused + " refused, " + accepted + " accepted, " + bugs.size() + " bugs");
    assertThat(bugs).isEmpty();
    assertThat(accepted).isPositive();
  }

  private static Object randomValue(Random r) {
    switch (r.nextInt(10)) {
      case 0:
        return r.nextInt();
      case 1:
        return r.nextInt(40) - 5;
      case 2:
        return r.nextBoolean();
      case 3:
        return List.of(randomText(r));
      case 4:
        return Map.of("k", randomText(r));
      case 5:
        return r.nextDouble() * 100;
      default:
        return randomText(r);
    }
  }

  private static String randomText(Random r) {
    StringBuilder s = new StringBuilder();
    if (r.nextBoolean()) {
      s.append(SEEDS.get(r.nextInt(SEEDS.size())));
    }
    int extra = r.nextInt(6);
    for (int i = 0; i < extra; i++) {
      int at = r.nextInt(s.length() + 1);
      s.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }
}
