package io.warmstart.platform.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Makes the local Keycloak's realm use this installation's secrets. A realm is imported only on
 * Keycloak's first start, so an installation made before secrets were generated still has the
 * published development values ({@code warmstart-platform-dev-secret}, {@code operator/operator}):
 * they are replaced here, loudly. The two client secrets are set to the installation's at every
 * start, so the credentials file stays the truth; the operator's password is replaced only while it
 * is still the published one (an operator who chose their own keeps it).
 */
final class RealmSecrets {

  private static final Logger LOG = Logger.getLogger(RealmSecrets.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String PUBLISHED_OPERATOR_PASSWORD = "operator";

  private final String base;
  private final String adminToken;

  private RealmSecrets(String base, String adminToken) {
    this.base = base;
    this.adminToken = adminToken;
  }

  static void apply(KeycloakServer keycloak, InstallationSecrets secrets) {
    try {
      String token = token(keycloak.baseUrl() + "/realms/master", "admin", secrets.keycloakAdminPassword()).path("access_token").asText(null);
      if (token == null) {
        throw new LaunchException("The local Keycloak refused its admin password (keycloak.admin-password in the credentials file)", null);
      }
      RealmSecrets realm = new RealmSecrets(keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM, token);
      realm.clientSecret("warmstart-platform", secrets.platformClientSecret());
      realm.clientSecret("warmstart-operator", secrets.operatorClientSecret());
      if (token(keycloak.realmUrl(), "operator", PUBLISHED_OPERATOR_PASSWORD).has("access_token")) {
        realm.operatorPassword(secrets.operatorPassword());
      }
    } catch (IOException e) {
      throw new LaunchException("Could not check the local Keycloak's secrets: " + e.getMessage(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("Interrupted while checking the local Keycloak's secrets", null);
    }
  }

  private void clientSecret(String clientId, String secret) throws IOException, InterruptedException {
    JsonNode found = send("GET", "/clients?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8), null);
    if (!found.isArray() || found.isEmpty()) {
      throw new LaunchException("The local Keycloak's realm has no client " + clientId, null);
    }
    ObjectNode client = (ObjectNode) found.get(0);
    String current = send("GET", "/clients/" + client.get("id").asText() + "/client-secret", null).path("value").asText();
    if (!secret.equals(current)) {
      client.put("secret", secret);
      send("PUT", "/clients/" + client.get("id").asText(), client);
      if (current.endsWith("-dev-secret")) {
        LOG.warnf("The local Keycloak's client %s had the published development secret; it now has this installation's own "
            + "(./warmstart credentials). Scripts that used %s must use the new one.", clientId, current);
      } else {
        LOG.infof("Set the secret of client %s to the one in the credentials file", clientId);
      }
    }
  }

  private void operatorPassword(String password) throws IOException, InterruptedException {
    JsonNode users = send("GET", "/users?exact=true&username=operator", null);
    ObjectNode credential = JSON.createObjectNode().put("type", "password").put("value", password).put("temporary", false);
    send("PUT", "/users/" + users.get(0).get("id").asText() + "/reset-password", credential);
    LOG.warnf("The operator account still had the published password 'operator'; it now has this installation's own "
        + "(./warmstart credentials shows it)");
  }

  private JsonNode send(String method, String path, JsonNode body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IOException(method + " " + path + " answered " + response.statusCode() + " " + response.body());
    }
    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  /** A password grant through the realm's admin-cli client; the answer has no access_token when refused. */
  private static JsonNode token(String realmUrl, String username, String password) throws IOException, InterruptedException {
    String form = Map.of("grant_type", "password", "client_id", "admin-cli", "username", username, "password", password).entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }
}
