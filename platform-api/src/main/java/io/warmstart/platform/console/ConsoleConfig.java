package io.warmstart.platform.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** How the web console signs people in. */
@ConfigMapping(prefix = "warmstart.console")
public interface ConsoleConfig {

  /**
   * The OpenID provider as the browser reaches it. Absent: the platform's own realm URL, which is
   * right when browsers and the platform reach Keycloak at the same address (local runs); set it
   * when Keycloak sits behind a public hostname.
   */
  Optional<String> authority();

  /**
   * Browser origins the console is opened from (e.g. {@code https://console.example.com}). The
   * platform registers each with the console client in Keycloak at start (redirect URI and CORS
   * origin). Absent: {@code http://localhost:<port>} and {@code http://127.0.0.1:<port>}, right for a
   * local run on any port.
   */
  Optional<java.util.List<String>> origins();

  /** The realm's public client for the console (authorization code + PKCE, no secret). */
  @WithDefault("warmstart-console")
  String clientId();
}
