package io.itmcp.gateway.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * stdout may keep less than the shared cap; what it drops then is neither truncation nor taken from
 * stderr's room.
 */
class OutputBudgetTest {

  private static ByteArrayInputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aStdoutLimitLeavesTheBudgetToStderr() throws Exception {
    OutputBudget budget = new OutputBudget(8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Future<?> o = budget.drain(bytes("1234567890".repeat(1000)), out, 3);
    Future<?> e = budget.drain(bytes("abcde"), err);
    o.get();
    e.get();
    assertThat(OutputBudget.text(out)).isEqualTo("123");
    assertThat(OutputBudget.text(err)).isEqualTo("abcde");
    assertThat(budget.truncated()).isFalse();
    assertThat(budget.bytesSeen()).isEqualTo(10_005);
  }

  @Test
  void theSharedCapStillTruncates() throws Exception {
    OutputBudget budget = new OutputBudget(4);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Future<?> o = budget.drain(bytes("12"), out, 3);
    o.get();
    Future<?> e = budget.drain(bytes("abcde"), err);
    e.get();
    assertThat(OutputBudget.text(out)).isEqualTo("12");
    assertThat(OutputBudget.text(err)).isEqualTo("ab");
    assertThat(budget.truncated()).isTrue();
  }
}
