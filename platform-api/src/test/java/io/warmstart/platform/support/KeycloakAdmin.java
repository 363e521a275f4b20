package io.warmstart.platform.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The few admin calls tests make on the test Keycloak directly (as its master-realm admin). */
final class KeycloakAdmin {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private KeycloakAdmin() {}

  static void setAccessTokenLifespan(String clientId, int seconds) throws Exception {
    String admin = adminToken();
    String base = Tokens.keycloakUrl() + "/admin/realms/warmstart/clients";
    HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(base + "?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)))
        .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
    ObjectNode client = (ObjectNode) JSON.readTree(found.body()).get(0);
    ((ObjectNode) client.with("attributes")).put("access.token.lifespan", Integer.toString(seconds));
    HttpResponse<String> updated = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/" + client.get("id").asText()))
        .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(client.toString())).build(), HttpResponse.BodyHandlers.ofString());
    if (updated.statusCode() != 204) {
      throw new IllegalStateException("Keycloak refused the client update: " + updated.statusCode() + " " + updated.body());
    }
  }

  private static String adminToken() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(Tokens.keycloakUrl() + "/realms/master/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=admin&password=admin")).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body()).get("access_token").asText();
  }
}
