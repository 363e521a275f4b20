package io.warmstart.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * OAuth 2 client credentials against the platform's Keycloak: one token is shared by all calls and
 * replaced shortly before it expires (at 80% of its lifetime, at least 10 s early), so requests
 * never carry an expired token and the identity server sees one request per token lifetime.
 */
public final class TokenProvider {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI tokenEndpoint;
  private final String clientId;
  private final String clientSecret;
  private final Clock clock;
  private String token;
  private Instant refreshAt = Instant.MIN;

  public TokenProvider(HttpClient http, URI tokenEndpoint, String clientId, String clientSecret, Clock clock) {
    this.http = http;
    this.tokenEndpoint = tokenEndpoint;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.clock = clock;
  }

  /** A valid access token, fetched only when the cached one is about to expire. */
  public synchronized String token() {
    if (token == null || !clock.instant().isBefore(refreshAt)) {
      fetch();
    }
    return token;
  }

  /** Forgets the cached token (after the platform refused it, e.g. the secret was rotated). */
  public synchronized void invalidate() {
    token = null;
  }

  private void fetch() {
    String form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(clientSecret);
    HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new WarmstartException("The identity server refused a token to " + clientId + " (HTTP " + response.statusCode() + ")",
            response.statusCode(), response.body());
      }
      JsonNode body = JSON.readTree(response.body());
      long lifetime = body.path("expires_in").asLong(60);
      Instant now = clock.instant();
      token = body.get("access_token").asText();
      refreshAt = now.plusSeconds(Math.min(lifetime * 8 / 10, Math.max(0, lifetime - 10)));
    } catch (IOException e) {
      throw new WarmstartException("The identity server at " + tokenEndpoint + " is unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WarmstartException("Interrupted while getting a token", e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
