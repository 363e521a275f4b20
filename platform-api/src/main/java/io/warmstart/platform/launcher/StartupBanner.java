package io.warmstart.platform.launcher;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Tells the person who started the platform where to find it, and, on an installation's first
 * start, its generated sign-in secrets (once: {@code ./warmstart credentials} shows them again).
 */
public class StartupBanner {

  /** System property the launcher sets: whether this start generated the installation's secrets. */
  static final String FIRST_START = "warmstart.launcher.first-start";

  private static final Logger LOG = Logger.getLogger(StartupBanner.class);

  void announce(
      @Observes StartupEvent event,
      @ConfigProperty(name = "quarkus.http.port") int port,
      @ConfigProperty(name = "quarkus.http.host") String host,
      @ConfigProperty(name = "warmstart.keycloak.url") String keycloak,
      @ConfigProperty(name = "warmstart.keycloak.local", defaultValue = "false") boolean localKeycloak) {
    boolean loopbackOnly = host.equals("127.0.0.1") || host.equals("localhost");
    String base = "http://" + ("0.0.0.0".equals(host) || loopbackOnly ? "localhost" : host) + ":" + port;
    LOG.infof(
        "Warmstart is ready.%n  Console:    %s/console/%n  API:        %s/v1 (bearer tokens from %s/realms/warmstart)%n  Swagger UI: %s/q/swagger-ui%n"
            + "  OpenAPI:    %s/q/openapi%n  Health:     %s/q/health/ready%n  Metrics:    %s/q/metrics%n  Listening:  %s:%d%s",
        base, base, keycloak, base, base, base, base, host, port,
        loopbackOnly ? " (this machine only; WARMSTART_HOST=0.0.0.0 opens it to the network)" : "");
    if (localKeycloak) {
      if (Boolean.getBoolean(FIRST_START)) {
        LOG.infof("Local identity server: this installation's secrets were generated now and are shown only this once.%n%s",
            credentialsText(DatabaseSettings.home(), keycloak));
      } else {
        LOG.infof("Local identity server: sign in as operator; ./warmstart credentials shows the password and the API client's secret.");
      }
    }
  }

  /** What {@code ./warmstart credentials} prints. */
  static void printCredentials(Path home) {
    if (!Files.exists(home.resolve(InstallationSecrets.FILE))) {
      System.out.println("No credentials in " + home + " yet: they are generated at the first ./warmstart run.");
      return;
    }
    String port = System.getenv().getOrDefault("WARMSTART_KEYCLOAK_PORT", "8180");
    System.out.println(credentialsText(home, "http://127.0.0.1:" + port));
  }

  private static String credentialsText(Path home, String keycloak) {
    Path file = home.resolve(InstallationSecrets.FILE);
    try {
      InstallationSecrets secrets = InstallationSecrets.read(file);
      return String.format(
          "  operator sign-in:       operator / %s (console: create a tenant with its first admin there)%n"
              + "  operator API client:    warmstart-operator / %s%n"
              + "  get a token:            curl -s %s/realms/warmstart/protocol/openid-connect/token "
              + "-d grant_type=client_credentials -d client_id=warmstart-operator -d client_secret=%s%n"
              + "  Keycloak admin console: %s/admin (admin / %s)%n"
              + "  embedded PostgreSQL:    user postgres / %s%n"
              + "  (kept in %s, readable by you only)",
          secrets.operatorPassword(), secrets.operatorClientSecret(), keycloak, secrets.operatorClientSecret(), keycloak,
          secrets.keycloakAdminPassword(), secrets.databasePassword(), file);
    } catch (IOException | RuntimeException e) {
      return "  (could not read " + file + ": " + e.getMessage() + ")";
    }
  }
}
