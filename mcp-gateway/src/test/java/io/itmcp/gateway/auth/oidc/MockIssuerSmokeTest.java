package io.itmcp.gateway.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.Test;

class MockIssuerSmokeTest {
  @Test
  void starts() throws Exception {
    OAuth2Config config = OAuth2Config.Companion.fromJson("{\"httpServer\":\"NettyWrapper\"}");
    MockOAuth2Server server = new MockOAuth2Server(config);
    server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    try {
      String wellKnown = server.wellKnownUrl("test").toString();
      var body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(wellKnown)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      System.out.println("WELLKNOWN " + wellKnown + " " + body);
      assertThat(body).contains("jwks_uri");
      System.out.println("TOKEN " + server.issueToken("test", "alice", "aud1").serialize());
    } finally {
      server.shutdown();
    }
  }
}
