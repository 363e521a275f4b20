package io.warmstart.platform.console;

import io.quarkus.runtime.StartupEvent;
import io.warmstart.platform.identity.IdentityConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * Makes sure Keycloak lets the console sign in from where this platform serves it. The browser
 * exchanges the sign-in code for tokens with a cross-origin request, which Keycloak answers only for
 * the client's registered web origins; wildcard redirect URIs (as in the development realm) do not
 * make an origin allowed. Registering is idempotent, so every replica may do it; Keycloak may still
 * be starting, hence the retries in the background.
 */
@ApplicationScoped
public class ConsoleClientRegistration {

  private static final Logger LOG = Logger.getLogger(ConsoleClientRegistration.class);
  private static final int ATTEMPTS = 30;

  @Inject Keycloak keycloak;
  @Inject IdentityConfig identity;
  @Inject ConsoleConfig console;

  @ConfigProperty(name = "quarkus.http.port")
  int port;

  void onStart(@Observes StartupEvent event) {
    List<String> origins = console.origins().orElse(port > 0 ? List.of("http://localhost:" + port, "http://127.0.0.1:" + port) : List.of());
    if (origins.isEmpty()) {
      return;
    }
    Thread thread = new Thread(() -> registerWithRetries(origins), "console-client-registration");
    thread.setDaemon(true);
    thread.start();
  }

  private void registerWithRetries(List<String> origins) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      // The admin client is request-scoped; this thread has no request of its own.
      io.quarkus.arc.ManagedContext requestContext = io.quarkus.arc.Arc.container().requestContext();
      requestContext.activate();
      try {
        register(origins);
        return;
      } catch (RuntimeException e) {
        LOG.debugf(e, "Registering the console's origins, attempt %d", attempt);
        if (attempt == ATTEMPTS) {
          LOG.warnf("Could not register the console's origins %s with Keycloak (%s): sign-in from them may fail until it is done by hand", origins, e.getMessage());
          return;
        }
        try {
          Thread.sleep(2_000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      } finally {
        requestContext.terminate();
      }
    }
  }

  void register(List<String> origins) {
    var clients = keycloak.realm(identity.realm()).clients();
    List<ClientRepresentation> found = clients.findByClientId(console.clientId());
    if (found.isEmpty()) {
      LOG.warnf("Keycloak has no client '%s' for the console: create it (infra/keycloak/warmstart-realm.json) to sign in", console.clientId());
      return;
    }
    ClientRepresentation client = found.get(0);
    Set<String> webOrigins = new LinkedHashSet<>(client.getWebOrigins() == null ? List.of() : client.getWebOrigins());
    Set<String> redirects = new LinkedHashSet<>(client.getRedirectUris() == null ? List.of() : client.getRedirectUris());
    boolean changed = false;
    for (String origin : origins) {
      String trimmed = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
      changed |= webOrigins.add(trimmed);
      changed |= redirects.add(trimmed + "/console/*");
    }
    if (changed) {
      client.setWebOrigins(new ArrayList<>(webOrigins));
      client.setRedirectUris(new ArrayList<>(redirects));
      clients.get(client.getId()).update(client);
      LOG.infof("Console sign-in allowed from %s", origins);
    }
  }
}
