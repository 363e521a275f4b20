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
      @ConfigProperty(name = "quarkus.http.host") String host) {
    String base = "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + port;
    LOG.infof(
        "Warmstart is ready.%n  API:        %s/v1%n  Swagger UI: %s/q/swagger-ui%n  OpenAPI:    %s/q/openapi%n  Health:     %s/q/health/ready%n  Metrics:    %s/q/metrics",
        base, base, base, base, base);
  }
}
