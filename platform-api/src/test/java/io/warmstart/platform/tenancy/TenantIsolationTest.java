package io.warmstart.platform.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two tenants use the same ids; neither ever sees or changes the other's rows. */
@QuarkusTest
class TenantIsolationTest {

  private String tenantA;
  private String tenantB;

  @BeforeEach
  void twoTenantsWithOverlappingIds() {
    tenantA = Api.createTenant("iso-a");
    tenantB = Api.createTenant("iso-b");
    for (String tenant : List.of(tenantA, tenantB)) {
      Api.asTenant(tenant)
          .body(Map.of("items", List.of(Map.of("id", "shared", "title", "title of " + tenant), Map.of("id", "only-" + tenant))))
          .put("/v1/items").then().statusCode(200);
      Api.asTenant(tenant)
          .body(Map.of("events", List.of(
              Map.of("eventId", "same-event-id", "userId", "u1", "itemId", "shared", "type", "view", "timestamp", "2025-01-01T00:00:00Z"))))
          .post("/v1/events").then().statusCode(200).body("written", equalTo(1));
    }
  }

  @Test
  void readsReturnOnlyTheRequestingTenantsRows() {
    Api.asTenant(tenantA).get("/v1/items").then().body("data.id", contains("only-" + tenantA, "shared"));
    Api.asTenant(tenantA).get("/v1/items/shared").then().body("title", equalTo("title of " + tenantA));
    Api.asTenant(tenantA).get("/v1/items/only-" + tenantB).then().statusCode(404).body(not(containsString("title of")));
    Api.asTenant(tenantA).get("/v1/events").then().body("data.size()", equalTo(1));
    Api.asTenant(tenantA).get("/v1/users").then().body("data.id", contains("u1"));
  }

  @Test
  void deletesInOneTenantLeaveTheOtherUntouched() {
    Api.asTenant(tenantA).delete("/v1/users/u1").then().statusCode(200).body("events", equalTo(1));
    Api.asTenant(tenantA).delete("/v1/items/shared").then().statusCode(200);
    Api.asTenant(tenantA).delete("/v1/events/same-event-id").then().statusCode(404);

    Api.asTenant(tenantB).get("/v1/users/u1").then().statusCode(200);
    Api.asTenant(tenantB).get("/v1/items/shared").then().statusCode(200);
    Api.asTenant(tenantB).get("/v1/events/same-event-id").then().statusCode(200);
    given().get("/v1/tenants/" + tenantB + "/stats").then().body("events", equalTo(1)).body("items", equalTo(2)).body("users", equalTo(1));
  }

  @Test
  void aSameIdEventInAnotherTenantIsNotADuplicate() {
    given().get("/v1/tenants/" + tenantA + "/stats").then().body("events", equalTo(1));
    given().get("/v1/tenants/" + tenantB + "/stats").then().body("events", equalTo(1));
  }

  @Test
  void purgingOneTenantKeepsTheOther() {
    given().delete("/v1/tenants/" + tenantA).then().statusCode(200).body("events", equalTo(1)).body("items", equalTo(2));
    given().get("/v1/tenants/" + tenantB + "/stats").then().body("events", equalTo(1)).body("items", equalTo(2));
  }

  @Test
  void requestsWithoutATenantTokenAreRefused() {
    Api.anonymous().get("/v1/items").then().statusCode(401).contentType("application/problem+json");
    // An operator's token names no tenant and has no tenant role.
    given().get("/v1/items").then().statusCode(403).contentType("application/problem+json");
  }

  @Test
  void aDeletedTenantsStillValidTokenReachesNothing() {
    String token = Api.tenantToken(tenantA);
    given().delete("/v1/tenants/" + tenantA).then().statusCode(200);
    Api.withToken(token).get("/v1/items").then().statusCode(404).contentType("application/problem+json");
  }
}
