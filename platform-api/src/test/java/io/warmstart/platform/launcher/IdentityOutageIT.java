package io.warmstart.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warmstart.platform.support.KeycloakTestResource;
import io.warmstart.platform.support.PlatformProcess;
import io.warmstart.platform.support.TestDatabases;
import io.warmstart.platform.support.TestRealm;
import io.warmstart.platform.support.Tokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keycloak goes down while the platform runs: creating a tenant then fails with a 503 problem and
 * leaves nothing behind, and once Keycloak is back the same request succeeds. Uses its own
 * Keycloak (not the shared one), since it stops it.
 */
class IdentityOutageIT {

  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

  @Test
  void tenantCreationFailsCleanlyWhileKeycloakIsDownAndWorksAfterwards(@TempDir Path home) throws Exception {
    assertTrue(Files.exists(JAR), "package the application first: " + JAR.toAbsolutePath());
    KeycloakServer keycloak = KeycloakTestResource.startShared();
    int keycloakPort = URI.create(keycloak.baseUrl()).getPort();
    int port = PlatformProcess.freePort();
    String api = "http://localhost:" + port;
    Process platform = null;
    try (EmbeddedDatabase database = TestDatabases.start(home.resolve("pgdata"))) {
      ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", JAR.toString());
      builder.environment().put("WARMSTART_HOME", home.toString());
      builder.environment().put("WARMSTART_PORT", Integer.toString(port));
      TestDatabases.use(builder.environment(), database);
      TestRealm.useKeycloak(builder.environment(), keycloak.baseUrl());
      builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("platform.log").toFile()));
      platform = builder.start();
      PlatformProcess.awaitReady(api, platform);
      String operator = Tokens.freshToken(keycloak.baseUrl(), Tokens.OPERATOR_CLIENT, Tokens.OPERATOR_SECRET);
      assertEquals(201, PlatformProcess.send("POST", api + "/v1/tenants", operator, tenant("before-outage")).statusCode());

      keycloak.close();
      HttpResponse<String> refused = PlatformProcess.send("POST", api + "/v1/tenants", operator, tenant("during-outage"));
      assertEquals(503, refused.statusCode(), refused.body());
      assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), refused.body());
      assertEquals(404, PlatformProcess.send("GET", api + "/v1/tenants/during-outage", operator, null).statusCode(), "nothing half-created");
      assertEquals(200, PlatformProcess.send("GET", api + "/v1/tenants/before-outage", operator, null).statusCode());

      keycloak = KeycloakServer.start(TestRealm.options(Path.of(".."), "test", keycloakPort));
      assertEquals(keycloakPort, URI.create(keycloak.baseUrl()).getPort(), "Keycloak came back on its address");
      // A fresh Keycloak signs with new keys; the platform fetches them when it meets the new key id.
      String freshOperator = Tokens.freshToken(keycloak.baseUrl(), Tokens.OPERATOR_CLIENT, Tokens.OPERATOR_SECRET);
      HttpResponse<String> retried = PlatformProcess.send("POST", api + "/v1/tenants", freshOperator, tenant("during-outage"));
      assertEquals(201, retried.statusCode(), retried.body());
    } finally {
      if (platform != null) {
        platform.destroy();
        platform.waitFor(30, TimeUnit.SECONDS);
      }
      keycloak.close();
    }
  }

  private static String tenant(String id) {
    return "{\"id\":\"" + id + "\",\"displayName\":\"" + id + "\",\"kind\":\"media\"}";
  }

}
