package io.warmstart.platform.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.warmstart.platform.support.Api;
import io.warmstart.platform.support.Tokens;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Provisioning against the real Keycloak: a tenant's API credentials are Keycloak clients whose
 * tokens carry the tenant, and operators create, rotate and revoke them, and invite admins.
 */
@QuarkusTest
class TenantIdentityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aNewTenantsCredentialsGetTokensThatCarryItAndTheSdkRole() throws Exception {
    String tenant = Api.createTenant("idp");
    JsonNode claims = claims(Api.tenantToken(tenant));
    assertEquals(tenant, claims.get("tenant").asText());
    assertEquals(true, claims.get("realm_access").get("roles").toString().contains(Roles.TENANT_SDK), claims.toString());
    assertEquals(true, claims.get("aud").toString().contains("warmstart-api"), claims.toString());
    given().get("/v1/tenants/" + tenant + "/credentials").then().statusCode(200)
        .body("clientId", hasItem(tenant + "-api"))
        .body("clientSecret", hasItem((String) null));
  }

  @Test
  void rotatingASecretRetiresTheOldOneAndRevokingACredentialEndsIt() {
    String tenant = Api.createTenant("rot");
    JsonPath extra = given().post("/v1/tenants/" + tenant + "/credentials").then().statusCode(201)
        .body("clientSecret", notNullValue()).extract().jsonPath();
    String clientId = extra.getString("clientId");
    String oldSecret = extra.getString("clientSecret");
    Api.withToken(Tokens.clientCredentials(clientId, oldSecret)).get("/v1/items").then().statusCode(200);

    String newSecret = given().post("/v1/tenants/" + tenant + "/credentials/" + clientId + "/rotate").then().statusCode(200)
        .extract().path("clientSecret");
    assertEquals(401, Tokens.tryToken(clientId, oldSecret).statusCode(), "the old secret is refused at once");
    assertEquals(200, Tokens.tryToken(clientId, newSecret).statusCode());

    given().delete("/v1/tenants/" + tenant + "/credentials/" + clientId).then().statusCode(204);
    assertEquals(401, Tokens.tryToken(clientId, newSecret).statusCode(), "a revoked credential gets no tokens");
    given().get("/v1/tenants/" + tenant + "/credentials").then().body("clientId", not(hasItem(clientId)));
    given().delete("/v1/tenants/" + tenant + "/credentials/" + clientId).then().statusCode(404).contentType("application/problem+json");
  }

  @Test
  void aCredentialOfAnotherTenantCannotBeRotatedThroughThisOne() {
    String a = Api.createTenant("own-a");
    String b = Api.createTenant("own-b");
    given().post("/v1/tenants/" + a + "/credentials/" + b + "-api/rotate").then().statusCode(404).contentType("application/problem+json");
    Api.asTenant(b).get("/v1/items").then().statusCode(200);
  }

  @Test
  void invitingAnAdminCreatesAnOrganisationMemberWithATemporaryPassword() {
    String tenant = Api.createTenant("inv");
    given().body(Map.of("email", "Admin.One@Example.com")).contentType("application/json")
        .post("/v1/tenants/" + tenant + "/admins").then().statusCode(201)
        .body("username", equalTo("admin.one@example.com"))
        .body("temporaryPassword", notNullValue());
    given().body(Map.of("email", "admin.one@example.com")).contentType("application/json")
        .post("/v1/tenants/" + tenant + "/admins").then().statusCode(409).contentType("application/problem+json");
    given().body(Map.of("email", "not an address")).contentType("application/json")
        .post("/v1/tenants/" + tenant + "/admins").then().statusCode(400).body("errors.pointer", hasItems("/email"));
  }

  @Test
  void deletingATenantRemovesItsCredentials() {
    String tenant = Api.createTenant("gone");
    String clientId = tenant + "-api";
    given().get("/v1/tenants/" + tenant + "/credentials").then().body("clientId", hasItem(clientId));
    String secret = Api.tenantSecret(tenant);
    given().delete("/v1/tenants/" + tenant).then().statusCode(200);
    assertEquals(401, Tokens.tryToken(clientId, secret).statusCode(), "a deleted tenant's credentials get no tokens");
  }

  private static JsonNode claims(String token) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
  }
}
