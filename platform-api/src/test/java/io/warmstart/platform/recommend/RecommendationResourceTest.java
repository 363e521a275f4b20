package io.warmstart.platform.recommend;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RecommendationResourceTest {

  private String tenant;

  /**
   * A small shop: "hit" is bought by many, "mid" viewed by several, "rare" once. Buyers of "camera"
   * also buy "lens"; "tripod" is unavailable; "book" is in another category.
   */
  @BeforeEach
  void shop() {
    tenant = Api.createTenant("reco");
    Api.asTenant(tenant).body(Map.of("items", List.of(
        Map.of("id", "hit", "title", "Hit", "categories", List.of("photo"), "tags", List.of("sale")),
        Map.of("id", "mid", "title", "Mid", "categories", List.of("photo")),
        Map.of("id", "rare", "title", "Rare", "categories", List.of("photo")),
        Map.of("id", "camera", "title", "Camera", "categories", List.of("photo")),
        Map.of("id", "lens", "title", "Lens", "categories", List.of("photo"), "tags", List.of("sale")),
        Map.of("id", "tripod", "title", "Tripod", "categories", List.of("photo"), "available", false),
        Map.of("id", "book", "title", "Book", "categories", List.of("books")))))
        .put("/v1/items").then().statusCode(200);
    List<Map<String, Object>> events = new ArrayList<>();
    for (int u = 0; u < 6; u++) {
      events.add(event("buyer" + u, "hit", "purchase"));
    }
    for (int u = 0; u < 4; u++) {
      events.add(event("viewer" + u, "mid", "view"));
    }
    events.add(event("viewer0", "rare", "view"));
    for (int u = 0; u < 3; u++) {
      events.add(event("photographer" + u, "camera", "view"));
      events.add(event("photographer" + u, "lens", "purchase"));
    }
    for (int u = 0; u < 8; u++) {
      events.add(event("tripodfan" + u, "tripod", "purchase"));
    }
    events.add(event("reader", "book", "view"));
    Api.asTenant(tenant).body(Map.of("events", events)).post("/v1/events").then().statusCode(200);
  }

  private static Map<String, Object> event(String user, String item, String type) {
    return Map.of("userId", user, "itemId", item, "type", type, "timestamp", "2025-06-01T00:00:00Z");
  }

  @Test
  void anUnknownUserGetsThePopularItemsWithTheStrategySaid() {
    Api.asTenant(tenant).queryParam("count", 3).get("/v1/recommendations/users/somebody-new")
        .then()
        .statusCode(200)
        .body("strategy", equalTo("popularity"))
        .body("modelVersion", nullValue())
        .body("recommendationId", startsWith("popularity~"))
        .body("items.id", contains("hit", "lens", "mid"))
        .body("items[0].title", equalTo("Hit"));
  }

  @Test
  void leavesOutWhatTheUserAlreadyHasUnlessAskedNotTo() {
    Api.asTenant(tenant).queryParam("count", 2).get("/v1/recommendations/users/buyer0")
        .then().body("items.id", contains("lens", "mid"));
    Api.asTenant(tenant).queryParam("count", 2).queryParam("excludeSeen", false).get("/v1/recommendations/users/buyer0")
        .then().body("items.id", contains("hit", "lens"));
  }

  @Test
  void filtersByCategoryTagAvailabilityAndExclusions() {
    Api.asTenant(tenant).queryParam("category", "books").get("/v1/recommendations/users/x").then().body("items.id", contains("book"));
    Api.asTenant(tenant).queryParam("tag", "sale").get("/v1/recommendations/users/x").then().body("items.id", contains("hit", "lens"));
    Api.asTenant(tenant).get("/v1/recommendations/users/x").then().body("items.id", not(hasItem("tripod")));
    Api.asTenant(tenant).queryParam("includeUnavailable", true).queryParam("count", 1).get("/v1/recommendations/users/x")
        .then().body("items.id", contains("tripod"));
    Api.asTenant(tenant).queryParam("exclude", "hit,lens").queryParam("count", 1).get("/v1/recommendations/users/x")
        .then().body("items.id", contains("mid"));
    Api.asTenant(tenant).queryParam("category", "no-such-category").get("/v1/recommendations/users/x").then().statusCode(200).body("items", hasSize(0));
  }

  @Test
  void pagesDoNotOverlap() {
    Api.asTenant(tenant).queryParam("count", 2).queryParam("offset", 0).get("/v1/recommendations/users/x")
        .then().body("items.id", contains("hit", "lens")).body("nextOffset", equalTo(2));
    Api.asTenant(tenant).queryParam("count", 2).queryParam("offset", 2).get("/v1/recommendations/users/x")
        .then().body("items.id", contains("mid", "camera"));
  }

  @Test
  void similarItemsComeFromCoOccurrence() {
    Api.asTenant(tenant).queryParam("count", 1).get("/v1/recommendations/items/camera/similar")
        .then().statusCode(200).body("strategy", equalTo("similar-items")).body("items.id", contains("lens"));
    Api.asTenant(tenant).get("/v1/recommendations/items/unknown/similar").then().statusCode(404).contentType("application/problem+json");
  }

  @Test
  void anAnonymousSessionGetsItemsThatGoWithWhatItViewed() {
    Api.asTenant(tenant).queryParam("count", 1).body(Map.of("items", List.of("never-heard-of", "camera")))
        .post("/v1/recommendations/session")
        .then().statusCode(200).body("strategy", equalTo("session")).body("items.id", contains("lens"));
    Api.asTenant(tenant).queryParam("count", 1).body(Map.of("items", List.of()))
        .post("/v1/recommendations/session").then().body("strategy", equalTo("popularity")).body("items.id", contains("hit"));
  }

  @Test
  void newEventsReachServingWithoutARestart() throws InterruptedException {
    Api.asTenant(tenant).queryParam("count", 1).get("/v1/recommendations/users/x").then().body("items.id", contains("hit"));
    List<Map<String, Object>> rush = new ArrayList<>();
    for (int u = 0; u < 20; u++) {
      rush.add(event("newfan" + u, "book", "purchase"));
    }
    Api.asTenant(tenant).body(Map.of("events", rush)).post("/v1/events").then().statusCode(200);
    long deadline = System.nanoTime() + 15_000_000_000L;
    String top;
    do {
      Thread.sleep(200);
      top = Api.asTenant(tenant).queryParam("count", 1).get("/v1/recommendations/users/x").then().statusCode(200).extract().path("items[0].id");
    } while (!"book".equals(top) && System.nanoTime() < deadline);
    org.junit.jupiter.api.Assertions.assertEquals("book", top, "the snapshot should have been rebuilt after the new events");
  }

  @Test
  void aForgottenUsersHistoryNoLongerShapesTheirRecommendations() {
    Api.asTenant(tenant).queryParam("count", 1).get("/v1/recommendations/users/buyer0").then().body("items.id", contains("lens"));
    Api.asTenant(tenant).delete("/v1/users/buyer0").then().statusCode(200);
    Api.asTenant(tenant).queryParam("count", 1).get("/v1/recommendations/users/buyer0").then().body("items.id", contains("hit"));
  }

  @Test
  void badParametersAreProblems() {
    Api.asTenant(tenant).queryParam("count", 0).get("/v1/recommendations/users/x").then().statusCode(400).contentType("application/problem+json");
    Api.asTenant(tenant).queryParam("count", 500).get("/v1/recommendations/users/x").then().statusCode(400);
    Api.asTenant(tenant).queryParam("offset", -1).get("/v1/recommendations/users/x").then().statusCode(400);
    Api.asTenant(tenant).queryParam("count", "ten").get("/v1/recommendations/users/x").then().statusCode(400).contentType("application/problem+json");
    Api.asTenant(tenant).body("{}").post("/v1/recommendations/session").then().statusCode(400);
    Api.anonymous().get("/v1/recommendations/users/x").then().statusCode(401).contentType("application/problem+json");
  }

  @Test
  void feedbackCitingARecommendationIdCountsTowardsItsSourcesClickThrough() {
    String listId = Api.asTenant(tenant).get("/v1/recommendations/users/somebody-new").then().extract().path("recommendationId");
    Api.asTenant(tenant).body(Map.of("events", List.of(
            Map.of("userId", "somebody-new", "itemId", "hit", "type", "impression", "recommendationId", listId),
            Map.of("userId", "somebody-new", "itemId", "mid", "type", "impression", "recommendationId", listId),
            Map.of("userId", "somebody-new", "itemId", "hit", "type", "click", "recommendationId", listId))))
        .post("/v1/events").then().statusCode(200);
    Api.asTenant(tenant).get("/v1/stats/click-through")
        .then()
        .statusCode(200)
        .body("source", contains("popularity"))
        .body("[0].impressions", equalTo(2))
        .body("[0].clicks", equalTo(1))
        .body("[0].clickThroughRate", equalTo(0.5f));
    Api.asTenant(tenant).queryParam("days", 0).get("/v1/stats/click-through").then().statusCode(400).contentType("application/problem+json");
  }
}
