package io.warmstart.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warmstart.platform.support.PlatformProcess;
import io.warmstart.platform.support.TestRealm;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private String tenantToken;

  @Test
  void dataAcceptedBeforeARestartIsThereAfterIt(@TempDir Path home) throws Exception {
    assertTrue(Files.exists(JAR), "package the application first: " + JAR.toAbsolutePath());
    int port = PlatformProcess.freePort();
    String base = "http://localhost:" + port;

    Process first = start(home, port);
    try {
      PlatformProcess.awaitReady(base, first);
      HttpResponse<String> created = PlatformProcess.send("POST", base + "/v1/tenants", SharedKeycloak.operatorToken(),
          "{\"id\":\"restart\",\"displayName\":\"Restart\",\"kind\":\"media\"}");
      assertEquals(201, created.statusCode(), created.body());
      com.fasterxml.jackson.databind.JsonNode credential = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body()).get("apiCredentials");
      tenantToken = io.warmstart.platform.support.Tokens.clientCredentials(credential.get("clientId").asText(), credential.get("clientSecret").asText());
      HttpResponse<String> ingest =
          PlatformProcess.send("POST", base + "/v1/events", tenantToken,
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
      PlatformProcess.awaitReady(base, second);
      HttpResponse<String> stats = PlatformProcess.send("GET", base + "/v1/tenants/restart/stats", SharedKeycloak.operatorToken(), null);
      assertEquals(200, stats.statusCode(), stats.body());
      assertTrue(stats.body().contains("\"events\":2"), stats.body());
      assertEquals(200, PlatformProcess.send("GET", base + "/v1/events/kept-2", tenantToken, null).statusCode());
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
    TestRealm.useKeycloak(builder.environment(), SharedKeycloak.get().baseUrl());
    builder.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("platform.log").toFile()));
    return builder.start();
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

}
