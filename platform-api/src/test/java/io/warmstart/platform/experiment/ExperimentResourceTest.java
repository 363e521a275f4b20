package io.warmstart.platform.experiment;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.warmstart.platform.support.Api;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Experiments through the tenant API, against the real database: lifecycle, guards, serving, attribution, auto-stop. */
@QuarkusTest
class ExperimentResourceTest {

  @Inject AgroalDataSource dataSource;

  private String tenant;

  /** Twenty items, popular in id order; a few users with histories. */
  @BeforeEach
  void shop() {
    tenant = Api.createTenant("exp");
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      items.add(Map.of("id", "i" + i, "title", "Item " + i));
    }
    Api.asTenant(tenant).body(Map.of("items", items)).put("/v1/items").then().statusCode(200);
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      for (int u = 0; u < 20 - i; u++) {
        events.add(Map.of("userId", "fan" + u, "itemId", "i" + i, "type", "view", "timestamp", "2025-06-01T00:00:00Z"));
      }
    }
    Api.asTenant(tenant).body(Map.of("events", events)).post("/v1/events").then().statusCode(200);
  }

  @Test
  void badExperimentsAreProblemsAndCreateNothing() {
    create(Map.of("name", "x", "surface", "home", "control", "popularity", "treatment", "served"))
        .then().statusCode(400).contentType("application/problem+json").body("errors[0].pointer", equalTo("/surface"));
    create(Map.of("name", "x", "surface", "users", "control", "served", "treatment", "served"))
        .then().statusCode(400).body("errors[0].pointer", equalTo("/treatment"));
    create(Map.of("name", "x", "surface", "users", "control", "popularity", "treatment", "v99"))
        .then().statusCode(400).body("detail", containsString("no stored model v99"));
    create(Map.of("name", "x", "surface", "users", "method", "bandit", "control", "popularity", "treatment", "served"))
        .then().statusCode(400).body("errors[0].pointer", equalTo("/method"));
    create(Map.of("name", "x", "surface", "users", "control", "popularity", "treatment", "served", "maxImpressions", 5))
        .then().statusCode(400).body("errors[0].pointer", equalTo("/maxImpressions"));
    create(Map.of("surface", "users", "control", "popularity", "treatment", "served")).then().statusCode(400);
    Api.asTenant(tenant).get("/v1/experiments").then().statusCode(200).body("items", hasSize(0));
    Api.asTenant(tenant).get("/v1/experiments/424242").then().statusCode(404).contentType("application/problem+json");
  }

  @Test
  void oneExperimentRunsPerSurfaceAndOnlyDraftsStart() {
    long first = created("first", "users", "interleaving");
    Api.asTenant(tenant).get("/v1/experiments/" + first).then().statusCode(200)
        .body("status", equalTo("draft")).body("method", equalTo("interleaving"))
        .body("results.impressions", equalTo(0)).body("results.verdict", startsWith("Not significant yet"));
    start(first).then().statusCode(200).body("status", equalTo("running")).body("startedAt", org.hamcrest.Matchers.notNullValue());
    long second = created("second", "users", "ab");
    start(second).then().statusCode(409).contentType("application/problem+json").body("detail", containsString("already runs"));
    long onSessions = created("sessions", "session", "ab");
    start(onSessions).then().statusCode(200);
    start(first).then().statusCode(409);
    stop(first).then().statusCode(200).body("status", equalTo("stopped")).body("stopReason", equalTo("stopped by an admin"));
    stop(first).then().statusCode(409);
    start(first).then().statusCode(409).body("detail", containsString("only a draft can start"));
    start(second).then().statusCode(200);
    Api.asTenant(tenant).get("/v1/experiments").then().statusCode(200).body("items.id", org.hamcrest.Matchers.contains(
        (int) onSessions, (int) second, (int) first));
  }

  @Test
  void otherTenantsNeitherSeeTheExperimentNorGetItsLists() {
    long id = created("mine", "users", "interleaving");
    start(id).then().statusCode(200);
    String other = Api.createTenant("exp-other");
    Api.asTenant(other).get("/v1/experiments/" + id).then().statusCode(404);
    Api.asTenant(other).post("/v1/experiments/" + id + "/stop").then().statusCode(404);
    Api.asTenant(other).get("/v1/experiments").then().body("items", hasSize(0));
    Api.asTenant(other).get("/v1/recommendations/users/fan1").then().statusCode(200)
        .body("experiment", nullValue()).body("recommendationId", org.hamcrest.Matchers.not(startsWith("x")));
    Api.asTenant(tenant).get("/v1/experiments/" + id).then().body("status", equalTo("running"));
  }

  @Test
  void interleavedListsCreditEachClickToTheTeamThatPlacedTheItem() throws Exception {
    long id = created("interleaved", "users", "interleaving");
    start(id).then().statusCode(200);
    // Outside the experiment: later pages and requests for popularity by name.
    Api.asTenant(tenant).queryParam("offset", 5).get("/v1/recommendations/users/fan1").then().body("experiment", nullValue());
    Api.asTenant(tenant).queryParam("strategy", "popularity").get("/v1/recommendations/users/fan1").then().body("experiment", nullValue());

    Map<String, String> listOfUser = new HashMap<>();
    for (int u = 0; u < 6; u++) {
      String user = "visitor" + u;
      String listId = Api.asTenant(tenant).queryParam("count", 6).get("/v1/recommendations/users/" + user)
          .then().statusCode(200)
          .body("experiment.id", equalTo((int) id)).body("experiment.arm", equalTo("interleaved"))
          .body("strategy", equalTo("interleaved"))
          .body("recommendationId", startsWith("x" + id + ".i~"))
          .body("items", hasSize(6))
          .extract().jsonPath().getString("recommendationId");
      listOfUser.put(user, listId);
    }
    // Each user clicks an item of one team, control and treatment in turn, so the wins split 3 to 3
    // whatever the coin flips were (a random pick could land all six on one side, p = 0.03).
    awaitExperiment(id, e -> e.getInt("results.impressions") >= 6);
    long controlWins = 0;
    long treatmentWins = 0;
    for (int u = 0; u < 6; u++) {
      String user = "visitor" + u;
      String listId = listOfUser.get(user);
      String[][] teams = teamsOf(listId);
      boolean control = u % 2 == 0;
      String item = control ? teams[0][0] : teams[1][0];
      Api.asTenant(tenant).body(Map.of("events", List.of(
              Map.of("userId", user, "itemId", item, "type", "click", "recommendationId", listId),
              // a second click on the same item of the same list counts once
              Map.of("userId", user, "itemId", item, "type", "click", "recommendationId", listId))))
          .post("/v1/events").then().statusCode(200);
      if (control) {
        controlWins++;
      } else {
        treatmentWins++;
      }
    }
    // A click without the list's id, and one citing the list from another user, are not the list's.
    Api.asTenant(tenant).body(Map.of("events", List.of(
            Map.of("userId", "visitor0", "itemId", "i0", "type", "click"))))
        .post("/v1/events").then().statusCode(200);

    JsonPath results = awaitExperiment(id, e -> e.getInt("results.clicks") >= 6);
    assertEquals(6, results.getInt("results.impressions"));
    assertEquals(6, results.getInt("results.clicks"));
    assertEquals(6, results.getInt("results.interleaving.listsWithClicks"));
    assertEquals(controlWins, results.getLong("results.interleaving.controlWins"));
    assertEquals(treatmentWins, results.getLong("results.interleaving.treatmentWins"));
    assertEquals(0, results.getInt("results.interleaving.ties"));
    assertTrue(results.getString("results.verdict").startsWith("Not significant yet"), results.getString("results.verdict"));
  }

  @Test
  void anAbSplitKeepsEachUserInOneArm() {
    long id = created("split", "users", "ab");
    start(id).then().statusCode(200);
    Map<String, Integer> arms = new HashMap<>();
    for (int u = 0; u < 30; u++) {
      String user = "person" + u;
      String arm = null;
      for (int r = 0; r < 3; r++) {
        JsonPath list = Api.asTenant(tenant).get("/v1/recommendations/users/" + user).then().statusCode(200).extract().jsonPath();
        String now = list.getString("experiment.arm");
        assertTrue(arm == null || arm.equals(now), user + " changed arms");
        arm = now;
        assertTrue(list.getString("recommendationId").startsWith("x" + id + "." + now.charAt(0) + "~"));
      }
      arms.merge(arm, 1, Integer::sum);
    }
    assertTrue(arms.getOrDefault("control", 0) > 3 && arms.getOrDefault("treatment", 0) > 3, "both arms get users: " + arms);
    JsonPath results = awaitExperiment(id, e -> e.getInt("results.impressions") >= 90);
    assertEquals(arms.get("control") * 3, results.getInt("results.ab.control.impressions"));
    assertEquals(arms.get("treatment") * 3, results.getInt("results.ab.treatment.impressions"));
    assertEquals((int) arms.get("control"), results.getInt("results.ab.control.users"));
  }

  @Test
  void aSessionExperimentTakesOnlyRequestsThatNameTheirVisitor() {
    long id = created("sessions", "session", "interleaving");
    start(id).then().statusCode(200);
    Api.asTenant(tenant).body(Map.of("items", List.of("i3"))).post("/v1/recommendations/session").then().statusCode(200)
        .body("experiment", nullValue());
    Api.asTenant(tenant).body(Map.of("items", List.of("i3"), "visitorId", "anon-7")).post("/v1/recommendations/session").then().statusCode(200)
        .body("experiment.id", equalTo((int) id));
    Api.asTenant(tenant).body(Map.of("items", List.of("i3"), "visitorId", "")).post("/v1/recommendations/session").then().statusCode(400)
        .contentType("application/problem+json");
    Api.asTenant(tenant).get("/v1/recommendations/users/fan1").then().body("experiment", nullValue());
  }

  @Test
  void anExperimentStopsItselfAtItsImpressionLimit() {
    long id = Api.asTenant(tenant).body(Map.of("name", "short", "surface", "users", "control", "popularity", "treatment", "served",
            "maxImpressions", 100))
        .post("/v1/experiments").then().statusCode(201).extract().jsonPath().getLong("id");
    start(id).then().statusCode(200);
    for (int r = 0; r < 100; r++) {
      Api.asTenant(tenant).get("/v1/recommendations/users/u" + r).then().statusCode(200);
    }
    JsonPath stopped = awaitExperiment(id, e -> "stopped".equals(e.getString("status")));
    assertEquals("reached its limit of 100 impressions", stopped.getString("stopReason"));
    assertTrue(stopped.getInt("results.impressions") >= 100);
    // Every replica drops it from serving within its refresh interval (0.2 s in tests).
    Instant deadline = Instant.now().plusSeconds(5);
    Object experiment;
    do {
      experiment = Api.asTenant(tenant).get("/v1/recommendations/users/after").then().statusCode(200).extract().path("experiment");
    } while (experiment != null && Instant.now().isBefore(deadline));
    assertEquals(null, experiment, "a stopped experiment takes no more traffic");
  }

  private io.restassured.response.Response create(Map<String, Object> body) {
    return Api.asTenant(tenant).body(body).post("/v1/experiments");
  }

  private long created(String name, String surface, String method) {
    return create(Map.of("name", name, "surface", surface, "method", method, "control", "popularity", "treatment", "served"))
        .then().statusCode(201).header("Location", containsString("/v1/experiments/"))
        .extract().jsonPath().getLong("id");
  }

  private io.restassured.response.Response start(long id) {
    return Api.asTenant(tenant).post("/v1/experiments/" + id + "/start");
  }

  private io.restassured.response.Response stop(long id) {
    return Api.asTenant(tenant).post("/v1/experiments/" + id + "/stop");
  }

  private JsonPath awaitExperiment(long id, Predicate<JsonPath> done) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      JsonPath experiment = Api.asTenant(tenant).get("/v1/experiments/" + id).then().statusCode(200).extract().jsonPath();
      if (done.test(experiment) || Instant.now().isAfter(deadline)) {
        return experiment;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return experiment;
      }
    }
  }

  /** The teams of a served list, as the experiment's log stored them. */
  private String[][] teamsOf(String recommendationId) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT control_items, treatment_items FROM experiment_lists WHERE tenant_id = ? AND recommendation_id = ?")) {
      query.setString(1, tenant);
      query.setString(2, recommendationId);
      try (ResultSet row = query.executeQuery()) {
        assertTrue(row.next(), "list " + recommendationId + " was logged");
        return new String[][] {(String[]) row.getArray(1).getArray(), (String[]) row.getArray(2).getArray()};
      }
    }
  }
}
