package io.warmstart.platform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warmstart.platform.launcher.KeycloakServer;
import io.warmstart.platform.support.TestRealm;
import io.warmstart.platform.support.Tokens;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The benchmarks' Keycloak and tokens: requests carry real bearer tokens, so the numbers include
 * token validation as production pays it. Keycloak runs from a cached installation (dev-mem).
 */
final class BenchIdentity {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String[]> CREDENTIALS = new ConcurrentHashMap<>();

  private BenchIdentity() {}

  static KeycloakServer start() {
    KeycloakServer server = KeycloakServer.start(TestRealm.options(Path.of("."), "bench", 0));
    Tokens.useKeycloakForIntegrationTests(server.baseUrl());
    return server;
  }

  /** Remembers the API credentials returned by {@code POST /v1/tenants}. */
  static void register(String tenant, String createdBody) throws IOException {
    JsonNode credential = JSON.readTree(createdBody).get("apiCredentials");
    CREDENTIALS.put(tenant, new String[] {credential.get("clientId").asText(), credential.get("clientSecret").asText()});
  }

  /** A current token of the tenant's backend, or an operator's for {@code null}. */
  static String tokenFor(String tenant) {
    if (tenant == null) {
      return Tokens.operator();
    }
    String[] credential = CREDENTIALS.get(tenant);
    if (credential == null) {
      throw new IllegalStateException("no credentials for tenant " + tenant);
    }
    return Tokens.clientCredentials(credential[0], credential[1]);
  }
}
