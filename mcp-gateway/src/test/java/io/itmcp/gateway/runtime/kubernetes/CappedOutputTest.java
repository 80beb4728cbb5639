package io.itmcp.gateway.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CappedOutputTest {

  @Test
  void stdoutAndStderrShareOneBudget() throws Exception {
    CappedOutput output = new CappedOutput(8);
    output.stdout().write("12345".getBytes(StandardCharsets.UTF_8));
    output.stderr().write("abcde".getBytes(StandardCharsets.UTF_8));

    assertThat(output.stdoutText()).isEqualTo("12345");
    assertThat(output.stderrText()).isEqualTo("abc");
    assertThat(output.truncated()).isTrue();
    assertThat(output.bytesSeen()).isEqualTo(10);
  }

  @Test
  void aStdoutLimitKeepsTheRestOfTheBudgetForStderrAndIsNotTruncation() throws Exception {
    CappedOutput output = new CappedOutput(8, 3);
    output.stdout().write("12345".getBytes(StandardCharsets.UTF_8));
    output.stdout().write("678".getBytes(StandardCharsets.UTF_8));
    output.stderr().write("abcde".getBytes(StandardCharsets.UTF_8));

    assertThat(output.stdoutText()).isEqualTo("123");
    assertThat(output.stderrText()).isEqualTo("abcde");
    assertThat(output.truncated()).as("dropped because the caller asked for no more").isFalse();
    assertThat(output.bytesSeen()).isEqualTo(13);
    output.stderr().write("fg".getBytes(StandardCharsets.UTF_8));
    assertThat(output.stderrText()).isEqualTo("abcde");
    assertThat(output.truncated()).as("the shared cap still holds").isTrue();
  }

  @Test
  void exactlyTheCapIsNotTruncated() throws Exception {
    CappedOutput output = new CappedOutput(4);
    output.stdout().write("1234".getBytes(StandardCharsets.UTF_8));

    assertThat(output.truncated()).isFalse();
    output.stdout().write('5');
    assertThat(output.truncated()).isTrue();
    assertThat(output.stdoutText()).isEqualTo("1234");
  }

  @Test
  void concurrentWritersNeverExceedTheCap() throws Exception {
    CappedOutput output = new CappedOutput(10_000);
    CountDownLatch start = new CountDownLatch(1);
    Thread[] writers = new Thread[4];
    for (int i = 0; i < writers.length; i++) {
      OutputStream stream = i % 2 == 0 ? output.stdout() : output.stderr();
      writers[i] =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int chunk = 0; chunk < 1000; chunk++) {
                    stream.write(new byte[7]);
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      writers[i].start();
    }
    start.countDown();
    for (Thread writer : writers) {
      writer.join();
    }

    assertThat(output.stdoutText().length() + output.stderrText().length()).isEqualTo(10_000);
    assertThat(output.bytesSeen()).isEqualTo(28_000);
    assertThat(output.truncated()).isTrue();
  }
}
