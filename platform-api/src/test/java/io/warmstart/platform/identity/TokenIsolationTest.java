package io.warmstart.platform.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.warmstart.platform.support.Api;
import io.warmstart.platform.support.TestRealm;
import io.warmstart.platform.support.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint, every way a request may try to reach data that is not its own: no token, a
 * tampered one, one for another audience, one from another realm, an expired one, tenant B's token
 * on tenant A's data, and an SDK token on operator endpoints. All are refused with a problem
 * document that leaks nothing, and nothing changes.
 */
@QuarkusTest
class TokenIsolationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every tenant-scoped endpoint, as method + path (+ body), on tenant A's own ids. */
  private static final List<String[]> TENANT_ENDPOINTS = List.of(
      new String[] {"GET", "/v1/items", null},
      new String[] {"GET", "/v1/items/secret-item", null},
      new String[] {"PUT", "/v1/items", "{\"items\":[{\"id\":\"secret-item\",\"title\":\"overwritten\"}]}"},
      new String[] {"DELETE", "/v1/items/secret-item", null},
      new String[] {"GET", "/v1/users", null},
      new String[] {"GET", "/v1/users/secret-user", null},
      new String[] {"PUT", "/v1/users", "{\"users\":[{\"id\":\"secret-user\"}]}"},
      new String[] {"DELETE", "/v1/users/secret-user", null},
      new String[] {"GET", "/v1/events", null},
      new String[] {"GET", "/v1/events/secret-event", null},
      new String[] {"POST", "/v1/events", "{\"events\":[{\"eventId\":\"intruder\",\"userId\":\"secret-user\",\"itemId\":\"secret-item\",\"type\":\"view\"}]}"},
      new String[] {"DELETE", "/v1/events/secret-event", null},
      new String[] {"GET", "/v1/stats", null},
      new String[] {"GET", "/v1/stats/click-through", null},
      new String[] {"GET", "/v1/recommendations/users/secret-user", null},
      new String[] {"GET", "/v1/recommendations/items/secret-item/similar", null},
      new String[] {"POST", "/v1/recommendations/session", "{\"items\":[\"secret-item\"]}"},
      new String[] {"POST", "/v1/imports/events", "{\"userId\":\"secret-user\",\"itemId\":\"secret-item\",\"type\":\"view\"}"},
      new String[] {"POST", "/v1/imports/items", "{\"id\":\"secret-item\",\"title\":\"overwritten\"}"},
      new String[] {"GET", "/v1/jobs", null},
      new String[] {"GET", "/v1/jobs/1", null},
      new String[] {"GET", "/v1/models", null},
      new String[] {"GET", "/v1/models/1", null},
      new String[] {"GET", "/v1/audit", null});

  /** Every operator endpoint, aimed at tenant A. */
  private static List<String[]> operatorEndpoints(String tenant) {
    return List.of(
        new String[] {"GET", "/v1/tenants", null},
        new String[] {"POST", "/v1/tenants", "{\"id\":\"intruder-made\",\"displayName\":\"x\",\"kind\":\"media\"}"},
        new String[] {"GET", "/v1/tenants/" + tenant, null},
        new String[] {"PATCH", "/v1/tenants/" + tenant, "{\"displayName\":\"taken over\"}"},
        new String[] {"POST", "/v1/tenants/" + tenant + "/suspend", null},
        new String[] {"POST", "/v1/tenants/" + tenant + "/resume", null},
        new String[] {"DELETE", "/v1/tenants/" + tenant, null},
        new String[] {"GET", "/v1/tenants/" + tenant + "/stats", null},
        new String[] {"GET", "/v1/tenants/" + tenant + "/credentials", null},
        new String[] {"POST", "/v1/tenants/" + tenant + "/credentials", null},
        new String[] {"POST", "/v1/tenants/" + tenant + "/credentials/" + tenant + "-api/rotate", null},
        new String[] {"DELETE", "/v1/tenants/" + tenant + "/credentials/" + tenant + "-api", null},
        new String[] {"GET", "/v1/tenants/" + tenant + "/audit", null},
        new String[] {"GET", "/v1/tenants/" + tenant + "/jobs/1", null},
        new String[] {"POST", "/v1/tenants/" + tenant + "/admins", "{\"email\":\"intruder@example.com\"}"},
        new String[] {"GET", "/v1/tenants/" + tenant + "/models", null},
        new String[] {"POST", "/v1/tenants/" + tenant + "/models/adapt", "{}"},
        new String[] {"GET", "/v1/meta-inits", null},
        new String[] {"GET", "/v1/meta-inits/1", null},
        new String[] {"GET", "/v1/meta-inits/jobs/1", null},
        new String[] {"POST", "/v1/meta-inits/train", "{}"});
  }

  private String tenantA;
  private String tenantB;

  @BeforeEach
  void twoTenants() {
    tenantA = Api.createTenant("iso-a");
    tenantB = Api.createTenant("iso-b");
    Api.asTenant(tenantA).body(Map.of("items", List.of(Map.of("id", "secret-item", "title", "Secret of A")))).put("/v1/items").then().statusCode(200);
    Api.asTenant(tenantA).body(Map.of("events", List.of(Map.of("eventId", "secret-event", "userId", "secret-user", "itemId", "secret-item", "type", "view"))))
        .post("/v1/events").then().statusCode(200);
  }

  @Test
  void withoutATokenEveryApiEndpointIs401AndHealthStaysOpen() {
    for (String[] endpoint : concat(TENANT_ENDPOINTS, operatorEndpoints(tenantA))) {
      refused(() -> Api.anonymous(), endpoint, 401);
    }
    Api.anonymous().get("/q/health/ready").then().statusCode(200);
    Api.anonymous().get("/q/openapi").then().statusCode(200);
    Api.anonymous().get("/q/metrics").then().statusCode(200);
    assertUnchanged();
  }

  @Test
  void forgedForeignAndMisdirectedTokensAre401() throws Exception {
    String good = Api.tenantToken(tenantA);
    String[] parts = good.split("\\.");
    String tamperedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace(tenantA, tenantB).getBytes(StandardCharsets.UTF_8));
    String tampered = parts[0] + "." + tamperedPayload + "." + parts[2];
    String unsigned = parts[0] + "." + parts[1] + ".";
    // The platform's own client has no warmstart-api audience: a valid token, but not for this API.
    String wrongAudience = Tokens.clientCredentials("warmstart-platform", TestRealm.PLATFORM_SECRET);
    String otherRealm = masterRealmToken();
    for (String token : List.of(tampered, unsigned, wrongAudience, otherRealm, "not-a-token")) {
      for (String[] endpoint : TENANT_ENDPOINTS) {
        refused(() -> Api.withToken(token), endpoint, 401);
      }
    }
    assertUnchanged();
  }

  @Test
  void anExpiredTokenIs401() throws Exception {
    String expired = Api.expiredTenantToken(tenantA);
    for (String[] endpoint : TENANT_ENDPOINTS) {
      refused(() -> Api.withToken(expired), endpoint, 401);
    }
    assertUnchanged();
  }

  @Test
  void tenantBsTokenOnlyEverSeesTenantB() {
    Api.asTenant(tenantB).get("/v1/items/secret-item").then().statusCode(404);
    Api.asTenant(tenantB).get("/v1/events/secret-event").then().statusCode(404);
    Api.asTenant(tenantB).get("/v1/users/secret-user").then().statusCode(404);
    Api.asTenant(tenantB).get("/v1/items").then().statusCode(200).body("data.size()", equalTo(0));
    Api.asTenant(tenantB).delete("/v1/items/secret-item").then().statusCode(404);
    // The old header names nothing any more: the token decides.
    Api.asTenant(tenantB).header("X-Warmstart-Tenant", tenantA).get("/v1/items").then().statusCode(200).body("data.size()", equalTo(0));
    assertUnchanged();
  }

  @Test
  void anSdkTokenCannotUseOperatorEndpoints() {
    for (String[] endpoint : operatorEndpoints(tenantA)) {
      refused(() -> Api.asTenant(tenantA), endpoint, 403);
    }
    given().get("/v1/tenants/" + tenantA).then().statusCode(200).body("status", equalTo("active")).body("displayName", equalTo("Test " + tenantA));
    given().get("/v1/tenants/intruder-made").then().statusCode(404);
    assertUnchanged();
  }

  private void refused(Supplier<RequestSpecification> request, String[] endpoint, int status) {
    RequestSpecification spec = request.get();
    if (endpoint[1].startsWith("/v1/imports/")) {
      spec = spec.contentType("application/x-ndjson").body(endpoint[2].getBytes(StandardCharsets.UTF_8));
    } else if (endpoint[2] != null) {
      spec = spec.body(endpoint[2]);
    }
    Response response = spec.request(endpoint[0], endpoint[1]);
    String where = endpoint[0] + " " + endpoint[1];
    assertEquals(status, response.statusCode(), where + ": " + response.asString());
    assertEquals("application/problem+json", response.contentType().split(";")[0], where);
    Map<String, Object> problem = new java.util.HashMap<>(response.jsonPath().getMap(""));
    assertEquals(endpoint[1].split("\\?")[0], problem.remove("instance"), where);
    String body = problem.toString();
    // The instance echoes the caller's own path; nothing else of A's (or B's) may appear.
    for (String secret : List.of("Secret of A", "eyJ", tenantA, tenantB)) {
      assertFalse(body.contains(secret), where + " leaks " + secret + ": " + body);
    }
  }

  /** Tenant A's data is exactly what it was. */
  private void assertUnchanged() {
    Api.asTenant(tenantA).get("/v1/items/secret-item").then().statusCode(200).body("title", equalTo("Secret of A"));
    Api.asTenant(tenantA).get("/v1/events").then().statusCode(200).body("data.size()", equalTo(1)).body("data[0].eventId", equalTo("secret-event"));
    Api.asTenant(tenantA).get("/v1/users/secret-user").then().statusCode(200);
    given().get("/v1/tenants/" + tenantA).then().statusCode(200).body("status", equalTo("active"));
  }

  /** A token of the Keycloak admin in the master realm: genuine, signed, but not of the platform's realm. */
  private static String masterRealmToken() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(Tokens.keycloakUrl() + "/realms/master/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=admin&password=admin"))
        .build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    String token = JSON.readTree(response.body()).get("access_token").asText();
    assertTrue(token.split("\\.").length == 3);
    return token;
  }

  private static List<String[]> concat(List<String[]> a, List<String[]> b) {
    List<String[]> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
