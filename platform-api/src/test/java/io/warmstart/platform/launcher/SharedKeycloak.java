package io.warmstart.platform.launcher;

import io.warmstart.platform.support.KeycloakTestResource;
import io.warmstart.platform.support.Tokens;

/** One Keycloak for all integration tests of a JVM, started on first use and stopped at exit. */
public final class SharedKeycloak {

  private static KeycloakServer server;

  private SharedKeycloak() {}

  public static synchronized KeycloakServer get() {
    if (server == null) {
      server = KeycloakTestResource.startShared();
      Tokens.useKeycloakForIntegrationTests(server.baseUrl());
      KeycloakServer started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return server;
  }

  /** An operator's token (client credentials of the realm's operator client). */
  static String operatorToken() {
    get();
    return Tokens.operator();
  }
}
