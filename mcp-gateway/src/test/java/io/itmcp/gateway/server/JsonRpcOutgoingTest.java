package io.itmcp.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonRpcOutgoingTest {

  @Test
  void anAnswerSettlesItsRequestWhateverItsResultHolds() {
    JsonRpcOutgoing answer =
        JsonRpcOutgoing.read(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"method\":\"x\",\"id\":\"inner\"}}")
            .orElseThrow();
    assertThat(answer.isAnswer()).isTrue();
    assertThat(answer.settles()).isTrue();
    assertThat(answer.idKey()).as("the top-level id, not one inside the result").isEqualTo("n:7");
  }

  @Test
  void notificationsAndRequestsToTheClientAreNoAnswers() {
    JsonRpcOutgoing progress =
        JsonRpcOutgoing.read("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}")
            .orElseThrow();
    JsonRpcOutgoing elicit =
        JsonRpcOutgoing.read(
                "{\"jsonrpc\":\"2.0\",\"id\":\"e1\",\"method\":\"elicitation/create\"}")
            .orElseThrow();
    assertThat(progress.isAnswer()).isFalse();
    assertThat(progress.settles()).isFalse();
    assertThat(elicit.isAnswer()).isFalse();
    assertThat(elicit.settles()).isFalse();
  }

  @Test
  void aNullIdIsAnAnswerThatSettlesNothing() {
    JsonRpcOutgoing parseError =
        JsonRpcOutgoing.read("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700}}")
            .orElseThrow();
    assertThat(parseError.isAnswer()).isTrue();
    assertThat(parseError.settles()).isFalse();
  }

  @Test
  void whatIsNotOneWholeJsonObjectIsNothing() {
    assertThat(JsonRpcOutgoing.read("{\"jsonrpc\":\"2.0\",\"id\":3,\"res")).isEmpty();
    assertThat(JsonRpcOutgoing.read("[{\"id\":1,\"result\":{}}]")).isEmpty();
    assertThat(JsonRpcOutgoing.read("")).isEmpty();
    assertThat(JsonRpcOutgoing.read("id: s_1")).isEmpty();
  }
}
