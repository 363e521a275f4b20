package io.warmstart.platform.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.warmstart.platform.support.Api;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EventResourceTest {

  private static Map<String, Object> event(String id, String user, String item, String timestamp) {
    return Map.of("eventId", id, "userId", user, "itemId", item, "type", "view", "timestamp", timestamp);
  }

  @Test
  void storesABatchAndListsItNewestFirst() {
    String tenant = Api.createTenant("ev");
    Api.asTenant(tenant)
        .body(Map.of("events", List.of(
            event("e1", "u1", "i1", "2025-01-01T10:00:00Z"),
            event("e2", "u1", "i2", "2025-01-02T10:00:00Z"),
            Map.of("eventId", "e3", "userId", "u2", "itemId", "i1", "type", "rating", "value", 4.5, "timestamp", "1735900000"))))
        .post("/v1/events")
        .then()
        .statusCode(200)
        .body("received", equalTo(3))
        .body("written", equalTo(3))
        .body("duplicates", equalTo(0));

    Api.asTenant(tenant).get("/v1/events").then().statusCode(200).body("data.eventId", contains("e3", "e2", "e1"));
    Api.asTenant(tenant).queryParam("userId", "u1").get("/v1/events").then().body("data.eventId", contains("e2", "e1"));
    Api.asTenant(tenant).get("/v1/events/e3").then().statusCode(200).body("value", equalTo(4.5f)).body("timestamp", equalTo("2025-01-03T10:26:40Z"));
  }

  @Test
  void aRetriedBatchStoresNothingTwice() {
    String tenant = Api.createTenant("retry");
    Map<String, Object> batch = Map.of("events", List.of(
        event("a", "u1", "i1", "2025-01-01T00:00:00Z"),
        Map.of("userId", "u1", "itemId", "i2", "type", "click", "timestamp", "2025-01-01T00:00:01Z"),
        Map.of("userId", "u2", "itemId", "i2", "type", "click"),
        Map.of("userId", "u2", "itemId", "i2", "type", "click")));
    Api.asTenant(tenant).body(batch).post("/v1/events").then().statusCode(200).body("written", equalTo(4));
    Api.asTenant(tenant).body(batch).post("/v1/events").then().statusCode(200).body("written", equalTo(0)).body("duplicates", equalTo(4));
    given().get("/v1/tenants/" + tenant + "/stats").then().body("events", equalTo(4));
  }

  @Test
  void eventsForUnknownItemsCreatePlaceholdersThatTheCatalogueCompletes() {
    String tenant = Api.createTenant("ph");
    Api.asTenant(tenant).body(Map.of("events", List.of(event("e1", "u1", "late-item", "2025-01-01T00:00:00Z"))))
        .post("/v1/events").then().statusCode(200);
    Api.asTenant(tenant).get("/v1/items/late-item").then().statusCode(200).body("placeholder", equalTo(true)).body("title", nullValue());
    Api.asTenant(tenant).get("/v1/users/u1").then().statusCode(200);

    Api.asTenant(tenant).body(Map.of("items", List.of(Map.of("id", "late-item", "title", "Now known"))))
        .put("/v1/items").then().statusCode(200).body("written", equalTo(1));
    Api.asTenant(tenant).get("/v1/items/late-item").then().body("placeholder", equalTo(false)).body("title", equalTo("Now known"));
  }

  @Test
  void anAtomicBatchWithOneBadEventWritesNothing() {
    String tenant = Api.createTenant("atomic");
    Api.asTenant(tenant)
        .body(Map.of("events", List.of(event("ok", "u1", "i1", "2025-01-01T00:00:00Z"), Map.of("userId", "u1", "type", "view"))))
        .post("/v1/events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].pointer", equalTo("/events/1/itemId"));
    given().get("/v1/tenants/" + tenant + "/stats").then().body("events", equalTo(0)).body("items", equalTo(0));
  }

  @Test
  void partialModeWritesTheValidEventsAndReportsTheOthers() {
    String tenant = Api.createTenant("partial");
    Api.asTenant(tenant)
        .queryParam("mode", "partial")
        .body(Map.of("events", List.of(
            event("ok", "u1", "i1", "2025-01-01T00:00:00Z"),
            Map.of("eventId", "bad", "userId", "u1", "itemId", "i1", "type", "teleport"))))
        .post("/v1/events")
        .then()
        .statusCode(200)
        .body("written", equalTo(1))
        .body("rejected", equalTo(1))
        .body("errors[0].pointer", equalTo("/events/1/type"))
        .body("errors[0].message", startsWith("unknown event type 'teleport'"));
  }

  @Test
  void acceptsTheTenantsOwnEventTypes() {
    String tenant = Api.createTenant("types");
    given().contentType(ContentType.JSON).body(Map.of("settings", Map.of("eventTypes", Map.of("watch-later", 2.0))))
        .patch("/v1/tenants/" + tenant).then().statusCode(200);
    Api.asTenant(tenant).body(Map.of("events", List.of(Map.of("userId", "u", "itemId", "i", "type", "watch-later"))))
        .post("/v1/events").then().statusCode(200).body("written", equalTo(1));
  }

  @Test
  void pagesThroughEventsThatShareATimestamp() {
    String tenant = Api.createTenant("pages");
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      events.add(event("e" + i, "u" + (i % 3), "i" + i, i < 10 ? "2025-01-01T00:00:00Z" : "2025-01-02T00:00:00Z"));
    }
    Api.asTenant(tenant).body(Map.of("events", events)).post("/v1/events").then().statusCode(200);
    Set<String> seen = new HashSet<>();
    String after = null;
    int pages = 0;
    do {
      var request = Api.asTenant(tenant).queryParam("limit", 7);
      if (after != null) {
        request.queryParam("after", after);
      }
      var page = request.get("/v1/events").then().statusCode(200).extract();
      List<String> ids = page.path("data.eventId");
      seen.addAll(ids);
      after = page.path("next");
      pages++;
    } while (after != null);
    assertEquals(25, seen.size());
    assertEquals(4, pages);
  }

  @Test
  void deletesOneEvent() {
    String tenant = Api.createTenant("delev");
    Api.asTenant(tenant).body(Map.of("events", List.of(event("gone", "u", "i", "2025-01-01T00:00:00Z")))).post("/v1/events");
    Api.asTenant(tenant).delete("/v1/events/gone").then().statusCode(204);
    Api.asTenant(tenant).get("/v1/events/gone").then().statusCode(404);
    Api.asTenant(tenant).get("/v1/events").then().body("data", hasSize(0));
  }
}
