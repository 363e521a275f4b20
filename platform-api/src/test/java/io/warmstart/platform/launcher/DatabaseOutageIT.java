package io.warmstart.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warmstart.platform.support.PlatformProcess;
import io.warmstart.platform.support.TestDatabases;
import io.warmstart.platform.support.TestRealm;
import io.warmstart.platform.support.Tokens;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes away under a running API replica (a CloudNativePG switchover, an outage): the
 * replica keeps serving recommendations from memory and stays ready, so the Service keeps it;
 * liveness is unaffected; writes answer 503 problem+json with Retry-After and change nothing.
 */
class DatabaseOutageIT {

  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void recommendationsAndReadinessOutliveTheDatabaseWhileWritesAnswer503(@TempDir Path home) throws Exception {
    assertTrue(Files.exists(JAR), "package the application first: " + JAR.toAbsolutePath());
    int port = PlatformProcess.freePort();
    String api = "http://localhost:" + port;
    Process platform = null;
    try (EmbeddedDatabase database = TestDatabases.start(home.resolve("pgdata"))) {
      ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", JAR.toString());
      builder.environment().put("WARMSTART_HOME", home.toString());
      builder.environment().put("WARMSTART_PORT", Integer.toString(port));
      builder.environment().put("WARMSTART_JOBS_WORKER_ENABLED", "false");
      builder.environment().put("WARMSTART_SERVING_REFRESH_INTERVAL", "PT1S");
      TestDatabases.use(builder.environment(), database);
      TestRealm.useKeycloak(builder.environment(), SharedKeycloak.get().baseUrl());
      builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("platform.log").toFile()));
      platform = builder.start();
      PlatformProcess.awaitReady(api, platform);

      String operator = SharedKeycloak.operatorToken();
      HttpResponse<String> created = PlatformProcess.send("POST", api + "/v1/tenants", operator,
          "{\"id\":\"outage-shop\",\"displayName\":\"Outage shop\",\"kind\":\"e-commerce\"}");
      assertEquals(201, created.statusCode(), created.body());
      JsonNode credentials = JSON.readTree(created.body()).get("apiCredentials");
      String token = Tokens.freshToken(SharedKeycloak.get().baseUrl(), credentials.get("clientId").asText(), credentials.get("clientSecret").asText());
      assertEquals(200, PlatformProcess.send("PUT", api + "/v1/items", token,
          "{\"items\":[{\"id\":\"b1\",\"title\":\"Dune\"},{\"id\":\"b2\",\"title\":\"Emma\"},{\"id\":\"b3\",\"title\":\"Ulysses\"}]}").statusCode());
      assertEquals(200, PlatformProcess.send("POST", api + "/v1/events", token, "{\"events\":["
          + "{\"eventId\":\"e1\",\"userId\":\"u1\",\"itemId\":\"b1\",\"type\":\"view\"},{\"eventId\":\"e2\",\"userId\":\"u2\",\"itemId\":\"b1\",\"type\":\"view\"},"
          + "{\"eventId\":\"e3\",\"userId\":\"u2\",\"itemId\":\"b2\",\"type\":\"view\"},{\"eventId\":\"e4\",\"userId\":\"u3\",\"itemId\":\"b3\",\"type\":\"view\"}]}").statusCode());
      String before = awaitRecommendations(api, token);

      database.close();

      HttpResponse<String> served = PlatformProcess.send("GET", api + "/v1/recommendations/users/newcomer", token, null);
      assertEquals(200, served.statusCode(), "recommendations during the outage: " + served.body());
      assertEquals(before, items(served.body()), "the same list as before the outage");
      HttpResponse<String> ready = PlatformProcess.send("GET", api + "/q/health/ready", null, null);
      assertEquals(200, ready.statusCode(), "ready during the outage: " + ready.body());
      assertEquals(200, PlatformProcess.send("GET", api + "/q/health/live", null, null).statusCode());

      HttpResponse<String> write = PlatformProcess.send("POST", api + "/v1/events", token,
          "{\"events\":[{\"eventId\":\"e5\",\"userId\":\"u4\",\"itemId\":\"b2\",\"type\":\"view\"}]}");
      assertEquals(503, write.statusCode(), write.body());
      assertTrue(write.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), write.body());
      assertTrue(write.headers().firstValue("Retry-After").isPresent(), "a 503 says when to retry");
      assertEquals(200, PlatformProcess.send("GET", api + "/v1/recommendations/users/newcomer", token, null).statusCode(),
          "still serving after a failed write");
    } finally {
      if (platform != null) {
        platform.destroy();
        platform.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Waits until the popularity snapshot holds the events (it refreshes every second here). */
  private static String awaitRecommendations(String api, String token) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> answer = PlatformProcess.send("GET", api + "/v1/recommendations/users/newcomer", token, null);
      last = answer.body();
      if (answer.statusCode() == 200 && items(answer.body()).contains("b1")) {
        // Twice: the request that saw the data also loaded the tenant; the second one reads it from memory.
        return items(PlatformProcess.send("GET", api + "/v1/recommendations/users/newcomer", token, null).body());
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no recommendations within 60 s: " + last);
  }

  private static String items(String body) throws Exception {
    StringBuilder ids = new StringBuilder();
    JSON.readTree(body).get("items").forEach(item -> ids.append(item.get("id").asText()).append(' '));
    return ids.toString().trim();
  }
}
