package io.warmstart.platform.launcher;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Tells the person who started the platform where to find it. */
public class StartupBanner {

  private static final Logger LOG = Logger.getLogger(StartupBanner.class);

  void announce(
      @Observes StartupEvent event,
      @ConfigProperty(name = "quarkus.http.port") int port,
      @ConfigProperty(name = "quarkus.http.host") String host,
      @ConfigProperty(name = "warmstart.keycloak.url") String keycloak,
      @ConfigProperty(name = "warmstart.keycloak.local", defaultValue = "false") boolean localKeycloak) {
    String base = "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + port;
    LOG.infof(
        "Warmstart is ready.%n  Console:    %s/console/%n  API:        %s/v1 (bearer tokens from %s/realms/warmstart)%n  Swagger UI: %s/q/swagger-ui%n"
            + "  OpenAPI:    %s/q/openapi%n  Health:     %s/q/health/ready%n  Metrics:    %s/q/metrics",
        base, base, keycloak, base, base, base, base);
    if (localKeycloak) {
      // The realm's development accounts (infra/keycloak/warmstart-realm.json); change them before exposing anything.
      LOG.infof(
          "Local identity server (development accounts, see docs/identity.md):%n"
              + "  operator sign-in:       operator / operator (console: create a tenant with its first admin there)%n"
              + "  operator API client:    warmstart-operator / warmstart-operator-dev-secret%n"
              + "  get a token:            curl -s %s/realms/warmstart/protocol/openid-connect/token "
              + "-d grant_type=client_credentials -d client_id=warmstart-operator -d client_secret=warmstart-operator-dev-secret",
          keycloak);
    }
  }
}
