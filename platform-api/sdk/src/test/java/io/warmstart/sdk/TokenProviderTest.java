package io.warmstart.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Token caching against a stand-in token endpoint (the JDK's HTTP server): the real flows against
 * Keycloak are tested from the platform's test suite (SdkTest there).
 */
class TokenProviderTest {

  private HttpServer server;
  private final AtomicInteger issued = new AtomicInteger();
  private volatile int status = 200;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/token", exchange -> {
      byte[] body = ("{\"access_token\":\"t" + issued.incrementAndGet() + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aTokenIsReusedUntilShortlyBeforeItExpires() {
    MutableClock clock = new MutableClock();
    TokenProvider tokens = provider(clock);
    String first = tokens.token();
    clock.advance(Duration.ofSeconds(200));
    assertEquals(first, tokens.token(), "still fresh at 200 of 300 s");
    clock.advance(Duration.ofSeconds(41));
    assertNotEquals(first, tokens.token(), "replaced after 80% of its lifetime");
    assertEquals(2, issued.get());
    tokens.invalidate();
    tokens.token();
    assertEquals(3, issued.get());
  }

  @Test
  void aRefusedTokenRequestSaysSo() {
    status = 401;
    WarmstartException e = assertThrows(WarmstartException.class, () -> provider(new MutableClock()).token());
    assertEquals(401, e.status());
  }

  private TokenProvider provider(Clock clock) {
    return new TokenProvider(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token"),
        "client", "secret", clock);
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
