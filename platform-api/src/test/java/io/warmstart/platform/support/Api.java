package io.warmstart.platform.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Small helpers so tests read as the behaviour they check. */
public final class Api {

  /** The API credentials each tenant created by a test got (client id and secret). */
  private static final Map<String, String[]> CREDENTIALS = new java.util.concurrent.ConcurrentHashMap<>();

  private Api() {}

  /** A tenant id no other test uses. */
  public static String uniqueTenantId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * A new tenant with automatic training off and not shared for meta-learning: tests that are not
   * about models must not start adaptations in the background or feed another test's meta-training.
   */
  public static String createTenant(String prefix) {
    return createTenant(prefix, false, false);
  }

  public static String createTenant(String prefix, boolean autoTraining, boolean shareForMetaLearning) {
    String id = uniqueTenantId(prefix);
    io.restassured.path.json.JsonPath created = given()
        .contentType(ContentType.JSON)
        .body(Map.of("id", id, "displayName", "Test " + id, "kind", "e-commerce", "settings", Map.of("autoTraining", autoTraining),
            "shareForMetaLearning", shareForMetaLearning))
        .post("/v1/tenants")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
    CREDENTIALS.put(id, new String[] {created.getString("apiCredentials.clientId"), created.getString("apiCredentials.clientSecret")});
    return id;
  }

  public static String tenantSecret(String tenantId) {
    return CREDENTIALS.get(tenantId)[1];
  }

  /** An access token of the tenant's backend (its first API credentials, client credentials grant). */
  public static String tenantToken(String tenantId) {
    String[] credential = CREDENTIALS.get(tenantId);
    if (credential == null) {
      throw new IllegalStateException("Tenant " + tenantId + " was not created through Api.createTenant");
    }
    return Tokens.clientCredentials(credential[0], credential[1]);
  }

  /** A request with the tenant's backend token: the tenant comes from the token, as in production. */
  public static RequestSpecification asTenant(String tenantId) {
    return given().header("Authorization", "Bearer " + tenantToken(tenantId)).contentType(ContentType.JSON);
  }

  /**
   * A genuine token of the tenant that has expired: a further API credential whose tokens live one
   * second (set through Keycloak's admin API), used after it has run out.
   */
  public static String expiredTenantToken(String tenantId) throws Exception {
    String token = shortLivedTenantToken(tenantId, 1);
    Thread.sleep(2500);
    return token;
  }

  /** A fresh token of the tenant from a further API credential whose tokens live the given seconds. */
  public static String shortLivedTenantToken(String tenantId, int seconds) throws Exception {
    io.restassured.path.json.JsonPath credential =
        given().post("/v1/tenants/" + tenantId + "/credentials").then().statusCode(201).extract().jsonPath();
    String clientId = credential.getString("clientId");
    KeycloakAdmin.setAccessTokenLifespan(clientId, seconds);
    return Tokens.clientCredentials(clientId, credential.getString("clientSecret"));
  }

  /** A request with a given raw token (or garbage). */
  public static RequestSpecification withToken(String token) {
    return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
  }

  /** A request without any token. */
  public static RequestSpecification anonymous() {
    return given().header(OperatorTokenFilter.ANONYMOUS, "true").contentType(ContentType.JSON);
  }
}
