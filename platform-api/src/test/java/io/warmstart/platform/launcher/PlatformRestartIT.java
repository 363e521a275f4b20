package io.warmstart.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged platform the way the main command does (no database configured, so it starts
 * its embedded PostgreSQL; the test run's Keycloak), stores data, stops it with SIGTERM, starts it again on the same data
 * directory and finds the data there.
 */
class PlatformRestartIT {

  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String tenantToken;

  @Test
  void dataAcceptedBeforeARestartIsThereAfterIt(@TempDir Path home) throws Exception {
    assertTrue(Files.exists(JAR), "package the application first: " + JAR.toAbsolutePath());
    int port = freePort();
    String base = "http://localhost:" + port;

    Process first = start(home, port);
    try {
      awaitReady(base, first);
      HttpResponse<String> created = send("POST", base + "/v1/tenants", SharedKeycloak.operatorToken(),
          "{\"id\":\"restart\",\"displayName\":\"Restart\",\"kind\":\"media\"}");
      assertEquals(201, created.statusCode(), created.body());
      com.fasterxml.jackson.databind.JsonNode credential = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body()).get("apiCredentials");
      tenantToken = io.warmstart.platform.support.Tokens.clientCredentials(credential.get("clientId").asText(), credential.get("clientSecret").asText());
      HttpResponse<String> ingest =
          send("POST", base + "/v1/events", tenantToken,
              "{\"events\":[{\"eventId\":\"kept-1\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"play\"},"
                  + "{\"eventId\":\"kept-2\",\"userId\":\"u\",\"itemId\":\"j\",\"type\":\"play\"}]}");
      assertEquals(200, ingest.statusCode(), ingest.body());
    } finally {
      stop(first);
    }
    // 143 = 128 + SIGTERM: the JVM's status after its shutdown hooks ran to completion.
    assertTrue(first.exitValue() == 0 || first.exitValue() == 143, "unclean exit: " + first.exitValue());

    Process second = start(home, port);
    try {
      awaitReady(base, second);
      HttpResponse<String> stats = send("GET", base + "/v1/tenants/restart/stats", SharedKeycloak.operatorToken(), null);
      assertEquals(200, stats.statusCode(), stats.body());
      assertTrue(stats.body().contains("\"events\":2"), stats.body());
      assertEquals(200, send("GET", base + "/v1/events/kept-2", tenantToken, null).statusCode());
    } finally {
      stop(second);
    }
  }

  private Process start(Path home, int port) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", JAR.toString());
    builder.environment().put("WARMSTART_HOME", home.toString());
    builder.environment().put("WARMSTART_PORT", Integer.toString(port));
    builder.environment().remove("WARMSTART_DB_URL");
    // The test run's Keycloak; the main command would otherwise start (and first build) its own.
    builder.environment().put("WARMSTART_KEYCLOAK_URL", SharedKeycloak.get().baseUrl());
    builder.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("platform.log").toFile()));
    return builder.start();
  }

  private void awaitReady(String base, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      assertTrue(process.isAlive(), "the platform exited during start-up");
      try {
        if (send("GET", base + "/q/health/ready", null, null).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the platform did not become ready within 120 s");
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private HttpResponse<String> send(String method, String url, String token, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    request.header("Content-Type", "application/json");
    request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
