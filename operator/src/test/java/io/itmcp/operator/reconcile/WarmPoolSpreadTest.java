package io.itmcp.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A burst of sessions does not queue on the oldest pool pod: each starts its claim at a pod of its
 * own.
 */
class WarmPoolSpreadTest {

  private static final List<Pod> POOL =
      IntStream.range(0, 50)
          .mapToObj(
              i ->
                  new PodBuilder()
                      .withNewMetadata()
                      .withName("itmcp-pool-p-" + i)
                      .endMetadata()
                      .build())
          .toList();

  @Test
  void everySessionStillTriesEveryCandidate() {
    for (int i = 0; i < 50; i++) {
      assertThat(WarmPool.spreadFor("w" + i, POOL)).containsExactlyInAnyOrderElementsOf(POOL);
    }
  }

  @Test
  void sessionsOfABurstStartAtManyDifferentPods() {
    Set<String> firstTried =
        IntStream.range(0, 50)
            .mapToObj(
                i -> WarmPool.spreadFor("mcp-session-" + i, POOL).get(0).getMetadata().getName())
            .collect(Collectors.toSet());
    // all 50 starting at the oldest would make the i-th session lose i conflicts first
    assertThat(firstTried).hasSizeGreaterThan(20);
  }

  @Test
  void theSameSessionAlwaysTriesInTheSameOrder() {
    assertThat(WarmPool.spreadFor("mcp-abc", POOL)).isEqualTo(WarmPool.spreadFor("mcp-abc", POOL));
    assertThat(WarmPool.spreadFor("mcp-abc", POOL.subList(0, 1))).isEqualTo(POOL.subList(0, 1));
  }
}
