package io.itmcp.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The mock drops only the Event field requirements it cannot evaluate, and only for Events. */
class EventFieldSelectorTest {

  @Test
  void eventFieldsAreDroppedNameSelectionAndOtherParametersStay() {
    assertThat(
            ValidatingCrudDispatcher.withoutEventFieldRequirements(
                "/api/v1/namespaces/ns/events?fieldSelector=involvedObject.kind%3DPod%2Ctype%3DWarning&resourceVersion=0"))
        .isEqualTo("/api/v1/namespaces/ns/events?resourceVersion=0");
    assertThat(
            ValidatingCrudDispatcher.withoutEventFieldRequirements(
                "/api/v1/namespaces/ns/events?watch=true&fieldSelector=metadata.name%3De1%2Creason%21%3DPulled"))
        .isEqualTo("/api/v1/namespaces/ns/events?watch=true&fieldSelector=metadata.name%3De1");
    assertThat(
            ValidatingCrudDispatcher.withoutEventFieldRequirements(
                "/api/v1/events?fieldSelector=type%3DWarning"))
        .isEqualTo("/api/v1/events");
  }

  @Test
  void otherResourcesAndSelectorlessRequestsAreUntouched() {
    String pods = "/api/v1/namespaces/ns/pods?fieldSelector=type%3DWarning";
    assertThat(ValidatingCrudDispatcher.withoutEventFieldRequirements(pods)).isEqualTo(pods);
    String plain = "/api/v1/namespaces/ns/events?watch=true";
    assertThat(ValidatingCrudDispatcher.withoutEventFieldRequirements(plain)).isEqualTo(plain);
  }
}
