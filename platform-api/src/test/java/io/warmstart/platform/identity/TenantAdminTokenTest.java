package io.warmstart.platform.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import io.warmstart.platform.support.ConsoleLogin;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tenant admin, invited by an operator, signs in to the console (authorization code + PKCE, first
 * sign-in with the temporary password and a new one) and acts for their tenant: the tenant comes
 * from their organisation membership in the token.
 */
@QuarkusTest
class TenantAdminTokenTest {

  @Test
  void anInvitedAdminSignsInAndActsForTheirTenantOnly() throws Exception {
    String tenant = Api.createTenant("admin-org");
    String other = Api.createTenant("admin-other");
    Api.asTenant(tenant).body(Map.of("items", List.of(Map.of("id", "mine")))).put("/v1/items").then().statusCode(200);
    Api.asTenant(other).body(Map.of("items", List.of(Map.of("id", "theirs")))).put("/v1/items").then().statusCode(200);
    String email = tenant + "@example.com";
    String temporary = given().contentType("application/json").body(Map.of("email", email))
        .post("/v1/tenants/" + tenant + "/admins").then().statusCode(201).extract().path("temporaryPassword");

    String token = ConsoleLogin.signIn(email, temporary, "a-new-password-" + tenant);
    String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    assertTrue(claims.contains("\"organization\""), claims);
    assertTrue(claims.contains(tenant), claims);

    Api.withToken(token).get("/v1/items").then().statusCode(200).body("data.id", equalTo(List.of("mine")));
    Api.withToken(token).get("/v1/audit").then().statusCode(200).body("action", hasItem("admin.invite"));
    Api.withToken(token).get("/v1/tenants").then().statusCode(403);
    Api.withToken(token).get("/v1/tenants/" + other).then().statusCode(403);
  }
}
