package io.warmstart.platform.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;
import io.warmstart.platform.launcher.KeycloakServer;
import java.nio.file.Path;
import java.util.Map;

/**
 * One real Keycloak 26 for the whole test run, with the realm of infra/keycloak and test-only
 * secrets ({@link TestRealm}; dev-mem database: every run starts clean). The installation is cached in ~/.warmstart so only the very first run
 * pays for Keycloak's one-time build step. Registered globally by {@link PostgresTestSupport}.
 *
 * <p>Requests made with RestAssured carry an operator's token unless they set their own
 * Authorization header (see {@link OperatorTokenFilter}).
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

  private KeycloakServer keycloak;

  @Override
  public Map<String, String> start() {
    keycloak = startShared();
    Tokens.useKeycloak(keycloak.baseUrl());
    RestAssured.filters(new OperatorTokenFilter());
    return Map.of("warmstart.keycloak.url", keycloak.baseUrl(), "quarkus.keycloak.admin-client.client-secret", TestRealm.PLATFORM_SECRET);
  }

  /** The test installation of Keycloak; also used by the integration tests (one per test JVM). */
  public static KeycloakServer startShared() {
    return KeycloakServer.start(TestRealm.options(Path.of(".."), "test", 0));
  }

  @Override
  public void stop() {
    RestAssured.replaceFiltersWith(java.util.List.of());
    if (keycloak != null) {
      keycloak.close();
    }
  }
}
