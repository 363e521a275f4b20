package io.warmstart.platform.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Access tokens from the test run's real Keycloak, by client credentials, cached until shortly before they expire. */
public final class Tokens {

  public static final String OPERATOR_CLIENT = "warmstart-operator";
  public static final String OPERATOR_SECRET = TestRealm.OPERATOR_SECRET;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();
  private static volatile String keycloakUrl;

  private record Cached(String token, Instant refreshAfter) {}

  private Tokens() {}

  static void useKeycloak(String baseUrl) {
    keycloakUrl = baseUrl;
  }

  public static void useKeycloakForIntegrationTests(String baseUrl) {
    useKeycloak(baseUrl);
  }

  public static String keycloakUrl() {
    if (keycloakUrl == null) {
      throw new IllegalStateException("Keycloak has not been started for this test run");
    }
    return keycloakUrl;
  }

  public static String tokenEndpoint() {
    return keycloakUrl() + "/realms/warmstart/protocol/openid-connect/token";
  }

  public static String operator() {
    return clientCredentials(OPERATOR_CLIENT, OPERATOR_SECRET);
  }

  public static String clientCredentials(String clientId, String secret) {
    Cached cached = CACHE.get(clientId + ":" + secret);
    if (cached != null && Instant.now().isBefore(cached.refreshAfter())) {
      return cached.token();
    }
    JsonNode response = requestToken(clientId, secret);
    String token = response.get("access_token").asText();
    CACHE.put(clientId + ":" + secret, new Cached(token, Instant.now().plusSeconds(response.get("expires_in").asLong() - 30)));
    return token;
  }

  /** A token request that must succeed; see {@link #tryToken} for one that may be refused. */
  static JsonNode requestToken(String clientId, String secret) {
    HttpResponse<String> response = tryToken(clientId, secret);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Keycloak refused a token to " + clientId + ": " + response.statusCode() + " " + response.body());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh (uncached) token from a given Keycloak, for tests that run their own. */
  public static String freshToken(String keycloakBaseUrl, String clientId, String secret) {
    HttpResponse<String> response = tryTokenAt(keycloakBaseUrl + "/realms/warmstart/protocol/openid-connect/token", clientId, secret);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Keycloak refused a token to " + clientId + ": " + response.statusCode() + " " + response.body());
    }
    try {
      return JSON.readTree(response.body()).get("access_token").asText();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse<String> tryToken(String clientId, String secret) {
    return tryTokenAt(tokenEndpoint(), clientId, secret);
  }

  /** A token request to a given Keycloak (one a test runs itself) that may be refused. */
  public static HttpResponse<String> tryTokenFrom(String keycloakBaseUrl, String clientId, String secret) {
    return tryTokenAt(keycloakBaseUrl + "/realms/warmstart/protocol/openid-connect/token", clientId, secret);
  }

  private static HttpResponse<String> tryTokenAt(String endpoint, String clientId, String secret) {
    String form = Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret).entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .timeout(Duration.ofSeconds(30))
        .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("Keycloak is unreachable at " + endpoint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
