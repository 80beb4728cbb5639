package io.itmcp.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.itmcp.gateway.server.CallProtocol.Era;
import io.itmcp.gateway.server.RequestIds;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {

  private static final String ID_7 = RequestIds.key(IntNode.valueOf(7));
  private static final String ANSWER_7 = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}";

  @Test
  void anIdReusedBeforeTheFirstAnswerIsCountedStaysOwedUntilItsOwnAnswer() throws Exception {
    PendingRequests pending = new PendingRequests();
    pending.accepted(Era.LEGACY, ID_7);
    // the client has the first answer and sends id 7 again before the writer counted that answer
    pending.accepted(Era.LEGACY, ID_7);
    pending.written(Era.LEGACY, ANSWER_7);

    assertThat(pending.size()).as("the second request with id 7 is still owed").isEqualTo(1);
    assertThat(pending.awaitAllAnswered(Duration.ZERO)).isFalse();

    pending.written(Era.LEGACY, ANSWER_7);
    assertThat(pending.awaitAllAnswered(Duration.ZERO)).isTrue();
  }

  @Test
  void anAnswerSettlesOnlyItsOwnEraAndAnUnaskedAnswerSettlesNothing() throws Exception {
    PendingRequests pending = new PendingRequests();
    pending.accepted(Era.MODERN, ID_7);
    pending.written(Era.LEGACY, ANSWER_7);
    pending.written(Era.LEGACY, ANSWER_7);

    assertThat(pending.size()).isEqualTo(1);
    pending.cancelled(Era.MODERN, ID_7);
    assertThat(pending.awaitAllAnswered(Duration.ZERO)).isTrue();
  }
}
