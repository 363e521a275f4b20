package io.warmstart.platform.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CatalogResourceTest {

  @Test
  void upsertsItemsAndReadsThemBack() {
    String tenant = Api.createTenant("items");
    Api.asTenant(tenant)
        .body(Map.of("items", List.of(
            Map.of("id", "b", "title", "Bee", "categories", List.of("insects"), "tags", List.of("yellow", "small"),
                "attributes", Map.of("price", 3.5, "brand", "Acme")),
            Map.of("id", "a", "title", "Ant", "available", false))))
        .put("/v1/items")
        .then()
        .statusCode(200)
        .body("written", equalTo(2));
    Api.asTenant(tenant).get("/v1/items/b").then().statusCode(200)
        .body("categories", contains("insects"))
        .body("tags", contains("yellow", "small"))
        .body("attributes.price", equalTo(3.5f))
        .body("available", equalTo(true));
    Api.asTenant(tenant).get("/v1/items").then().body("data.id", contains("a", "b")).body("data[0].available", equalTo(false));
  }

  @Test
  void theLastCopyOfAnIdInOneBatchWins() {
    String tenant = Api.createTenant("lastwins");
    Api.asTenant(tenant)
        .body(Map.of("items", List.of(Map.of("id", "x", "title", "first"), Map.of("id", "x", "title", "second"))))
        .put("/v1/items").then().statusCode(200);
    Api.asTenant(tenant).get("/v1/items/x").then().body("title", equalTo("second"));
  }

  @Test
  void oddIdsRoundTrip() {
    String tenant = Api.createTenant("oddids");
    List<String> ids = List.of("with space", "ünïcødé-商品", "slash/inside", "quote\"and'apostrophe", "%percent", "emoji-🎧");
    Api.asTenant(tenant).body(Map.of("items", ids.stream().map(id -> Map.of("id", id)).toList())).put("/v1/items").then().statusCode(200);
    for (String id : ids) {
      Api.asTenant(tenant)
          .urlEncodingEnabled(false)
          .get("/v1/items/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"))
          .then()
          .statusCode(200)
          .body("id", equalTo(id));
    }
    Api.asTenant(tenant).get("/v1/items").then().body("data", hasSize(ids.size()));
  }

  @Test
  void deletingAnItemRemovesItsEvents() {
    String tenant = Api.createTenant("delitem");
    Api.asTenant(tenant).body(Map.of("events", List.of(
        Map.of("userId", "u1", "itemId", "gone", "type", "view", "timestamp", "2025-01-01T00:00:00Z"),
        Map.of("userId", "u1", "itemId", "kept", "type", "view", "timestamp", "2025-01-01T00:00:00Z"))))
        .post("/v1/events").then().statusCode(200);
    Api.asTenant(tenant).delete("/v1/items/gone").then().statusCode(200).body("events", equalTo(1));
    Api.asTenant(tenant).get("/v1/items/gone").then().statusCode(404);
    given().get("/v1/tenants/" + tenant + "/stats").then().body("events", equalTo(1)).body("items", equalTo(1));
  }

  @Test
  void forgettingAUserDeletesTheirEvents() {
    String tenant = Api.createTenant("forget");
    Api.asTenant(tenant).body(Map.of("users", List.of(Map.of("id", "alice", "attributes", Map.of("plan", "gold"))))).put("/v1/users").then().statusCode(200);
    Api.asTenant(tenant).body(Map.of("events", List.of(
        Map.of("userId", "alice", "itemId", "i1", "type", "view"),
        Map.of("userId", "alice", "itemId", "i2", "type", "purchase"),
        Map.of("userId", "bob", "itemId", "i1", "type", "view"))))
        .post("/v1/events").then().statusCode(200);
    Api.asTenant(tenant).get("/v1/users/alice").then().body("attributes.plan", equalTo("gold"));
    Api.asTenant(tenant).delete("/v1/users/alice").then().statusCode(200).body("events", equalTo(2));
    Api.asTenant(tenant).get("/v1/users/alice").then().statusCode(404);
    Api.asTenant(tenant).queryParam("userId", "alice").get("/v1/events").then().body("data", hasSize(0));
    given().get("/v1/tenants/" + tenant + "/stats").then().body("events", equalTo(1)).body("users", equalTo(1));

    // A forgotten user who comes back is a new user again, even though ingestion caches known ids.
    Api.asTenant(tenant).body(Map.of("events", List.of(Map.of("userId", "alice", "itemId", "i3", "type", "view"))))
        .post("/v1/events").then().statusCode(200);
    Api.asTenant(tenant).get("/v1/users/alice").then().statusCode(200);
  }

  @Test
  void usersPageInIdOrder() {
    String tenant = Api.createTenant("userpages");
    Api.asTenant(tenant).body(Map.of("users", List.of(Map.of("id", "c"), Map.of("id", "a"), Map.of("id", "b")))).put("/v1/users");
    String next = Api.asTenant(tenant).queryParam("limit", 2).get("/v1/users").then().body("data.id", contains("a", "b")).extract().path("next");
    Api.asTenant(tenant).queryParam("limit", 2).queryParam("after", next).get("/v1/users").then().body("data.id", contains("c")).body("next", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void searchFindsItemsByIdOrTitleAndUsersByIdTakingWildcardsLiterally() {
    String tenant = Api.createTenant("search");
    Api.asTenant(tenant).body(Map.of("items", List.of(
        Map.of("id", "b1", "title", "Dune"),
        Map.of("id", "b2", "title", "The DUNE Messiah"),
        Map.of("id", "100%_cotton", "title", "Shirt"),
        Map.of("id", "100x-cotton", "title", "Other shirt")))).put("/v1/items").then().statusCode(200);
    Api.asTenant(tenant).body(Map.of("users", List.of(Map.of("id", "alice"), Map.of("id", "Malice"), Map.of("id", "bob"))))
        .put("/v1/users").then().statusCode(200);
    String other = Api.createTenant("search-other");
    Api.asTenant(other).body(Map.of("items", List.of(Map.of("id", "dune-elsewhere", "title", "Dune")))).put("/v1/items").then().statusCode(200);

    Api.asTenant(tenant).queryParam("q", "dune").get("/v1/items").then().statusCode(200).body("data.id", contains("b1", "b2"));
    Api.asTenant(tenant).queryParam("q", "%_c").get("/v1/items").then().body("data.id", contains("100%_cotton"));
    Api.asTenant(tenant).queryParam("q", "dune").queryParam("limit", 1).get("/v1/items").then()
        .body("data.id", contains("b1")).body("next", org.hamcrest.Matchers.notNullValue());
    Api.asTenant(tenant).queryParam("q", "ALICE").get("/v1/users").then().body("data.id", org.hamcrest.Matchers.containsInAnyOrder("Malice", "alice"));
    Api.asTenant(tenant).queryParam("q", "nothing-like-it").get("/v1/items").then().body("data", hasSize(0));
  }
}
