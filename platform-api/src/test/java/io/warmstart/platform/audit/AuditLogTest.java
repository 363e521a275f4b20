package io.warmstart.platform.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditLogTest {

  @Test
  void operatorActionsAreRecordedWithWhoDidThemAndNoSecrets() {
    String tenant = Api.createTenant("audit");
    given().contentType("application/json").body(Map.of("displayName", "Renamed")).patch("/v1/tenants/" + tenant).then().statusCode(200);
    given().post("/v1/tenants/" + tenant + "/suspend").then().statusCode(200);
    given().post("/v1/tenants/" + tenant + "/resume").then().statusCode(200);
    String clientId = given().post("/v1/tenants/" + tenant + "/credentials").then().statusCode(201).extract().path("clientId");
    given().post("/v1/tenants/" + tenant + "/credentials/" + clientId + "/rotate").then().statusCode(200);

    String log = given().get("/v1/tenants/" + tenant + "/audit").then().statusCode(200)
        .body("action", contains("credential.rotate", "credential.create", "tenant.resume", "tenant.suspend", "tenant.update", "tenant.create"))
        .body("actor", everyItem(equalTo("service-account-warmstart-operator")))
        .body("[4].detail.displayName", equalTo("Renamed"))
        .body("[0].detail.clientId", equalTo(clientId))
        .extract().asString();
    org.junit.jupiter.api.Assertions.assertFalse(log.contains(Api.tenantSecret(tenant)), "no secret in the audit log");

    long newest = given().get("/v1/tenants/" + tenant + "/audit").then().extract().jsonPath().getLong("[0].entryId");
    given().queryParam("before", newest).queryParam("limit", 2).get("/v1/tenants/" + tenant + "/audit").then()
        .body("action", contains("credential.create", "tenant.resume"));
  }

  @Test
  void theLogOutlivesTheTenantAndAnSdkTokenCannotReadIt() {
    String tenant = Api.createTenant("audit-gone");
    Api.asTenant(tenant).get("/v1/audit").then().statusCode(403).contentType("application/problem+json");
    given().delete("/v1/tenants/" + tenant).then().statusCode(200);
    given().get("/v1/tenants/" + tenant + "/audit").then().statusCode(200).body("action", contains("tenant.delete", "tenant.create"));
    given().get("/v1/tenants/never-existed/audit").then().statusCode(404);
    given().queryParam("limit", 0).get("/v1/tenants/" + tenant + "/audit").then().statusCode(400).body("errors", hasSize(1));
  }
}
