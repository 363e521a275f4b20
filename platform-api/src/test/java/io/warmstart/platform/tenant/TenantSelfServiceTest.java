package io.warmstart.platform.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import io.warmstart.platform.support.ConsoleLogin;
import io.warmstart.platform.support.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a tenant admin does for their own tenant without an operator (the console's Settings, API
 * access and Models pages): the API behind each, with a real admin token, and what an SDK token and
 * another tenant cannot do.
 */
@QuarkusTest
class TenantSelfServiceTest {

  private String tenant;
  private String adminToken;

  @BeforeEach
  void anAdminSignedIn() throws Exception {
    tenant = Api.createTenant("self");
    String email = tenant + "@example.com";
    String temporary = given().contentType("application/json").body(Map.of("email", email))
        .post("/v1/tenants/" + tenant + "/admins").then().statusCode(201).extract().path("temporaryPassword");
    adminToken = ConsoleLogin.signIn(email, temporary, "new-password-" + tenant);
  }

  @Test
  void theProfileShowsEffectiveEventTypesQuotasAndTheOnboardingThreshold() {
    Api.withToken(adminToken).get("/v1/tenant").then().statusCode(200)
        .body("id", equalTo(tenant))
        .body("eventTypes.purchase", equalTo(5.0f))
        .body("builtInEventTypes", hasKey("view"))
        .body("quotas.eventsPerDay", notNullValue())
        .body("onboardingMinEvents", equalTo(100))
        .body("shareForMetaLearning", equalTo(false));
  }

  @Test
  void anAdminChangesEventWeightsAndTheOptOutButNotQuotas() {
    Api.withToken(adminToken).body(Map.of("eventTypes", Map.of("wishlist", 2.5, "view", 0.5), "shareForMetaLearning", true))
        .patch("/v1/tenant").then().statusCode(200)
        .body("customEventTypes.wishlist", equalTo(2.5f))
        .body("eventTypes.view", equalTo(0.5f))
        .body("shareForMetaLearning", equalTo(true));
    given().get("/v1/tenants/" + tenant).then().body("settings.eventTypes.wishlist", equalTo(2.5f)).body("shareForMetaLearning", equalTo(true));
    // The new type is accepted by ingestion at once.
    Api.asTenant(tenant).body(Map.of("events", List.of(Map.of("userId", "u", "itemId", "i", "type", "wishlist")))).post("/v1/events")
        .then().statusCode(200);

    Api.withToken(adminToken).body(Map.of("quotas", Map.of("eventsPerDay", 999_999_999))).patch("/v1/tenant").then().statusCode(403)
        .contentType("application/problem+json").body("detail", equalTo("Quotas and retention are set by the platform operator"));
    Api.withToken(adminToken).body(Map.of("eventTypes", Map.of("Bad Type!", 1.0))).patch("/v1/tenant").then().statusCode(400)
        .contentType("application/problem+json");
    given().get("/v1/tenants/" + tenant).then()
        .body("settings.quotas", nullValue())
        .body("settings.eventTypes", not(hasKey("Bad Type!")))
        .body("settings.eventTypes.wishlist", equalTo(2.5f));
    Api.withToken(adminToken).get("/v1/audit").then().body("action", hasItem("tenant.settings"));
  }

  @Test
  void aBackendTokenReadsTheProfileButChangesNothing() {
    Api.asTenant(tenant).get("/v1/tenant").then().statusCode(200).body("id", equalTo(tenant));
    Api.asTenant(tenant).body(Map.of("shareForMetaLearning", true)).patch("/v1/tenant").then().statusCode(403);
    Api.asTenant(tenant).get("/v1/credentials").then().statusCode(403);
    Api.asTenant(tenant).body(Map.of()).post("/v1/models/adapt").then().statusCode(403);
    given().get("/v1/tenants/" + tenant).then().body("shareForMetaLearning", equalTo(false));
  }

  @Test
  void anAdminRotatesCreatesAndRevokesTheirOwnCredentials() {
    String clientId = Api.withToken(adminToken).get("/v1/credentials").then().statusCode(200)
        .body("[0].clientSecret", nullValue()).extract().path("[0].clientId");
    String oldSecret = Api.tenantSecret(tenant);
    String newSecret = Api.withToken(adminToken).post("/v1/credentials/" + clientId + "/rotate").then().statusCode(200)
        .body("clientId", equalTo(clientId)).extract().path("clientSecret");
    assertNotEquals(oldSecret, newSecret);
    assertEquals(200, Tokens.tryToken(clientId, newSecret).statusCode());
    assertEquals(401, Tokens.tryToken(clientId, oldSecret).statusCode());

    String second = Api.withToken(adminToken).post("/v1/credentials").then().statusCode(201).extract().path("clientId");
    Api.withToken(adminToken).get("/v1/credentials").then().body("clientId", hasItem(second));
    Api.withToken(adminToken).delete("/v1/credentials/" + second).then().statusCode(204);
    Api.withToken(adminToken).get("/v1/credentials").then().body("clientId", not(hasItem(second)));

    // Another tenant's client is not this admin's to rotate.
    String other = Api.createTenant("self-other");
    String otherClient = given().get("/v1/tenants/" + other + "/credentials").then().extract().path("[0].clientId");
    Api.withToken(adminToken).post("/v1/credentials/" + otherClient + "/rotate").then().statusCode(404)
        .contentType("application/problem+json");
    assertEquals(200, Tokens.tryToken(otherClient, Api.tenantSecret(other)).statusCode());
  }

  @Test
  void anAdminStartsAnAdaptationAndFollowsItsJob() {
    long jobId = ((Number) Api.withToken(adminToken).body(Map.of("maxSteps", 0)).post("/v1/models/adapt").then().statusCode(202)
        .body("kind", equalTo("adapt")).extract().path("jobId")).longValue();
    Api.withToken(adminToken).get("/v1/jobs").then().statusCode(200).body("jobId", hasItem((int) jobId));
    Api.withToken(adminToken).get("/v1/audit").then().body("action", hasItem("model.adapt"));
  }
}
