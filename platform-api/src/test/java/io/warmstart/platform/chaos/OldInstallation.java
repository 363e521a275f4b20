package io.warmstart.platform.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warmstart.platform.support.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Turns a running installation back into what releases before generated secrets left behind: the
 * realm's published development secrets and operator password, and a PostgreSQL that trusts every
 * local user. Each change is checked to have taken effect, so that a later start that migrates
 * the installation is seen to change something.
 */
final class OldInstallation {

  static final String OPERATOR_SECRET = "warmstart-operator-dev-secret";
  static final String PLATFORM_SECRET = "warmstart-platform-dev-secret";
  static final String OPERATOR_PASSWORD = "operator";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private OldInstallation() {}

  /** Puts the published values into the running Keycloak and trust into the cluster's pg_hba.conf (read at its next start). */
  static void restore(String keycloak, String keycloakAdminPassword, Path dataDirectory) throws Exception {
    String admin = passwordGrant(keycloak + "/realms/master", "admin", keycloakAdminPassword).path("access_token").asText();
    String realm = keycloak + "/admin/realms/warmstart";
    for (String[] client : List.of(new String[] {"warmstart-operator", OPERATOR_SECRET}, new String[] {"warmstart-platform", PLATFORM_SECRET})) {
      ObjectNode representation = (ObjectNode) send("GET", realm + "/clients?clientId=" + client[0], admin, null).get(0);
      representation.put("secret", client[1]);
      send("PUT", realm + "/clients/" + representation.get("id").asText(), admin, representation);
    }
    String operatorId = send("GET", realm + "/users?exact=true&username=operator", admin, null).get(0).get("id").asText();
    send("PUT", realm + "/users/" + operatorId + "/reset-password", admin,
        JSON.createObjectNode().put("type", "password").put("value", OPERATOR_PASSWORD).put("temporary", false));
    assertEquals(200, Tokens.tryTokenFrom(keycloak, "warmstart-operator", OPERATOR_SECRET).statusCode(), "the old secret is in place");
    assertTrue(operatorSignsInWith(keycloak, OPERATOR_PASSWORD), "the old operator password is in place");

    Path hba = dataDirectory.resolve("pg_hba.conf");
    List<String> lines = Files.readAllLines(hba);
    Files.write(hba, lines.stream().map(line -> line.startsWith("#") ? line : line.replaceFirst("scram-sha-256\\s*$", "trust")).toList());
    assertTrue(Files.readAllLines(hba).stream().anyMatch(line -> !line.startsWith("#") && line.endsWith("trust")), "pg_hba.conf trusts");
  }

  /** Whether the realm's {@code operator} account accepts {@code password}. */
  static boolean operatorSignsInWith(String keycloak, String password) throws IOException, InterruptedException {
    return passwordGrant(keycloak + "/realms/warmstart", "operator", password).has("access_token");
  }

  private static JsonNode passwordGrant(String realmUrl, String username, String password) throws IOException, InterruptedException {
    String form = "grant_type=password&client_id=admin-cli&username=" + username + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build();
    return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  private static JsonNode send(String method, String url, String token, JsonNode body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString())).build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + url + ": " + response.statusCode() + " " + response.body());
    }
    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }
}
