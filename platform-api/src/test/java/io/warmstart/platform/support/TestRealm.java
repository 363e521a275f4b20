package io.warmstart.platform.support;

import io.warmstart.platform.launcher.KeycloakServer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The test Keycloaks' realm: infra/keycloak/warmstart-realm.json with test-only values for its
 * placeholders. They exist only in test code; a default installation fills the same placeholders
 * with secrets generated for it, so it can never have these.
 */
public final class TestRealm {

  public static final String PLATFORM_SECRET = "test-only-platform-secret";
  public static final String OPERATOR_SECRET = "test-only-operator-secret";
  public static final String OPERATOR_PASSWORD = "test-only-operator-password";
  /** The master realm's admin of the test installations (KeycloakAdmin signs in with it). */
  static final String ADMIN_PASSWORD = "admin";

  private TestRealm() {}

  /**
   * A Keycloak with the test realm, in memory (every start is clean), installed under
   * ~/.warmstart/keycloak-VERSION-{@code flavour} so that only the very first run pays for its build step.
   *
   * @param repositoryRoot the repository's root as seen from the working directory ("..", or "." for the benchmarks)
   */
  public static KeycloakServer.Options options(Path repositoryRoot, String flavour, int preferredPort) {
    Path installation = Path.of(System.getProperty("user.home"), ".warmstart", "keycloak-" + KeycloakServer.VERSION + "-" + flavour);
    return new KeycloakServer.Options(repositoryRoot.resolve("platform-api/target/keycloak/keycloak-dist.zip").normalize(), installation,
        repositoryRoot.resolve("infra/keycloak/warmstart-realm.json").normalize(),
        Map.of("WARMSTART_PLATFORM_CLIENT_SECRET", PLATFORM_SECRET, "WARMSTART_OPERATOR_CLIENT_SECRET", OPERATOR_SECRET,
            "WARMSTART_OPERATOR_PASSWORD", OPERATOR_PASSWORD),
        "dev-mem", ADMIN_PASSWORD, preferredPort, installation.resolve("keycloak.log"));
  }

  /** What a platform process needs in its environment to use a test Keycloak. */
  public static void useKeycloak(Map<String, String> environment, String keycloakUrl) {
    environment.put("WARMSTART_KEYCLOAK_URL", keycloakUrl);
    environment.put("WARMSTART_KEYCLOAK_PLATFORM_SECRET", PLATFORM_SECRET);
  }
}
