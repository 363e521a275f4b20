package io.warmstart.platform.quota;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.warmstart.platform.support.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-tenant limits answer 429 with Retry-After, store nothing of the refused request, and touch no other tenant. */
@QuarkusTest
class QuotaTest {

  @jakarta.inject.Inject io.agroal.api.AgroalDataSource dataSource;

  private static String tenantWith(Map<String, Object> quotas) {
    String tenant = Api.createTenant("quota");
    given().contentType("application/json").body(Map.of("settings", Map.of("autoTraining", false, "quotas", quotas)))
        .patch("/v1/tenants/" + tenant).then().statusCode(200);
    return tenant;
  }

  @Test
  void aTenantOverItsRequestRateIsToldWhenToComeBack() {
    String limited = tenantWith(Map.of("requestsPerSecond", 2));
    String other = Api.createTenant("quota-free");
    int refused = 0;
    String retryAfter = null;
    for (int i = 0; i < 12; i++) {
      Response response = Api.asTenant(limited).get("/v1/items");
      if (response.statusCode() == 429) {
        refused++;
        retryAfter = response.header("Retry-After");
        assertEquals("application/problem+json", response.contentType().split(";")[0]);
      } else {
        assertEquals(200, response.statusCode());
      }
    }
    // A burst of 2 s worth (4 requests) passes; most of the other 8 within the same second do not.
    assertTrue(refused >= 6, "refused " + refused + " of 12");
    assertTrue(Integer.parseInt(retryAfter) >= 1, retryAfter);
    Api.asTenant(other).get("/v1/items").then().statusCode(200);
  }

  @Test
  void eventsBeyondTheDailyQuotaAreRefusedWholeAndNothingIsStored() {
    String tenant = tenantWith(Map.of("eventsPerDay", 5));
    Api.asTenant(tenant).body(Map.of("events", List.of(event("a"), event("b"), event("c")))).post("/v1/events").then().statusCode(200);
    Response refused = Api.asTenant(tenant).body(Map.of("events", List.of(event("d"), event("e"), event("f")))).post("/v1/events");
    assertEquals(429, refused.statusCode(), refused.asString());
    assertTrue(Long.parseLong(refused.header("Retry-After")) <= 86_400);
    given().get("/v1/tenants/" + tenant + "/stats").then().body("events", equalTo(3));
    Api.asTenant(tenant).body(Map.of("events", List.of(event("d"), event("e")))).post("/v1/events").then().statusCode(200);
    Api.asTenant(tenant).contentType("text/csv").body("user,item,type\nu,x,view\n").post("/v1/imports/events").then().statusCode(429);
  }

  /** Counts reach tenant_usage within a second or so (written once a second, not per batch), and the health view adds this replica's unwritten ones. */
  @Test
  void acceptedEventsAreCountedInPostgresShortlyAfter() throws Exception {
    String tenant = tenantWith(Map.of("eventsPerDay", 1000));
    Api.asTenant(tenant).body(Map.of("events", List.of(withId("e1", "a"), withId("e2", "b")))).post("/v1/events").then().statusCode(200);
    Api.asTenant(tenant).body(Map.of("events", List.of(withId("e3", "c"), withId("e1", "a")))).post("/v1/events").then().statusCode(200)
        .body("duplicates", equalTo(1));
    given().get("/v1/tenants/" + tenant + "/health").then().statusCode(200).body("eventsToday", equalTo(3));
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    long counted = -1;
    while (System.nanoTime() < deadline && counted != 3) {
      Thread.sleep(200);
      try (var connection = dataSource.getConnection();
          var query = connection.prepareStatement("SELECT coalesce(sum(events), 0) FROM tenant_usage WHERE tenant_id = ?")) {
        query.setString(1, tenant);
        try (var row = query.executeQuery()) {
          row.next();
          counted = row.getLong(1);
        }
      }
    }
    assertEquals(3, counted, "events counted in tenant_usage (the repeated e1 is a duplicate, not counted)");
    given().get("/v1/tenants/" + tenant + "/health").then().statusCode(200).body("eventsToday", equalTo(3));
  }

  @Test
  void theCatalogueStopsAtItsSizeButItsItemsCanStillChange() {
    String tenant = tenantWith(Map.of("maxItems", 2));
    Api.asTenant(tenant).body(Map.of("items", List.of(Map.of("id", "one"), Map.of("id", "two")))).put("/v1/items").then().statusCode(200);
    Api.asTenant(tenant).body(Map.of("items", List.of(Map.of("id", "three")))).put("/v1/items").then().statusCode(429)
        .contentType("application/problem+json");
    Api.asTenant(tenant).body(Map.of("items", List.of(Map.of("id", "two", "title", "Two")))).put("/v1/items").then().statusCode(200);
    Api.asTenant(tenant).get("/v1/items/two").then().body("title", equalTo("Two"));
    Api.asTenant(tenant).get("/v1/items/three").then().statusCode(404);
  }

  @Test
  void nonsenseQuotasAreRefused() {
    String tenant = Api.createTenant("quota-bad");
    given().contentType("application/json").body(Map.of("settings", Map.of("quotas", Map.of("requestsPerSecond", 0, "maxItems", -1))))
        .patch("/v1/tenants/" + tenant).then().statusCode(400)
        .body("errors.pointer", hasItem("/settings/quotas/requestsPerSecond"))
        .body("errors.pointer", hasItem("/settings/quotas/maxItems"));
  }

  private static Map<String, Object> withId(String eventId, String item) {
    return Map.of("eventId", eventId, "userId", "u", "itemId", item, "type", "view");
  }

  private static Map<String, Object> event(String item) {
    return Map.of("userId", "u", "itemId", item, "type", "view");
  }
}
