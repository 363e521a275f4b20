package io.warmstart.platform.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.warmstart.platform.support.Api;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TenantResourceTest {

  @Test
  void createsAndReadsATenantWithDefaults() {
    String id = Api.uniqueTenantId("shop");
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("id", id, "displayName", "Shop", "kind", "e-commerce"))
        .post("/v1/tenants")
        .then()
        .statusCode(201)
        .header("Location", org.hamcrest.Matchers.endsWith("/v1/tenants/" + id))
        .body("status", equalTo("active"))
        .body("shareForMetaLearning", equalTo(true))
        .body("kind", equalTo("e-commerce"))
        .body("createdAt", notNullValue());

    given().get("/v1/tenants/" + id).then().statusCode(200).body("displayName", equalTo("Shop"));
  }

  @Test
  void refusesADuplicateTenant() {
    String id = Api.createTenant("dup");
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("id", id, "displayName", "Again", "kind", "media"))
        .post("/v1/tenants")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }

  @Test
  void updatesSettingsAndOptOut() {
    String id = Api.createTenant("upd");
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("shareForMetaLearning", false, "settings", Map.of("eventTypes", Map.of("watch-later", 2.5), "retentionDays", 90)))
        .patch("/v1/tenants/" + id)
        .then()
        .statusCode(200)
        .body("shareForMetaLearning", equalTo(false))
        .body("settings.eventTypes.watch-later", equalTo(2.5f))
        .body("settings.retentionDays", equalTo(90));
  }

  @Test
  void suspendedTenantIsRefusedUntilResumed() {
    String id = Api.createTenant("susp");
    given().post("/v1/tenants/" + id + "/suspend").then().statusCode(200).body("status", equalTo("suspended"));
    Api.asTenant(id).get("/v1/items").then().statusCode(403).contentType("application/problem+json");
    given().post("/v1/tenants/" + id + "/resume").then().statusCode(200).body("status", equalTo("active"));
    Api.asTenant(id).get("/v1/items").then().statusCode(200);
  }

  @Test
  void deletingATenantPurgesItsDataAndHidesIt() {
    String id = Api.createTenant("del");
    Api.asTenant(id)
        .body(Map.of("events", java.util.List.of(Map.of("userId", "u1", "itemId", "i1", "type", "view"))))
        .post("/v1/events")
        .then()
        .statusCode(200);
    given().delete("/v1/tenants/" + id).then().statusCode(200).body("events", equalTo(1)).body("items", equalTo(1)).body("users", equalTo(1));
    given().get("/v1/tenants").then().statusCode(200).body("data.id", not(hasItem(id)));
    given().queryParam("status", "deleted").get("/v1/tenants").then().body("data.id", hasItem(id));
    Api.asTenant(id).get("/v1/items").then().statusCode(404);
    given().delete("/v1/tenants/" + id).then().statusCode(200).body("events", equalTo(0));
  }

  @Test
  void listsTenantsPageByPage() {
    for (int i = 0; i < 3; i++) {
      Api.createTenant("page");
    }
    String next = given().queryParam("limit", 2).get("/v1/tenants").then().statusCode(200).extract().path("next");
    given().queryParam("limit", 2).queryParam("after", next).get("/v1/tenants").then().statusCode(200).body("data.size()", org.hamcrest.Matchers.greaterThan(0));
  }
}
