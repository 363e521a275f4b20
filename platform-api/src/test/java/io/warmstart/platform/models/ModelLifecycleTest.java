package io.warmstart.platform.models;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.warmstart.platform.models.ModelRegistry.StoredArtifact;
import io.warmstart.platform.models.ModelRegistry.TrainingResult;
import io.warmstart.platform.support.Api;
import io.warmstart.trainer.data.Dataset;
import io.warmstart.trainer.data.SyntheticGenerator;
import io.warmstart.trainer.data.TenantData;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The onboarding loop end to end on the real database and the real trainer: donors opt in, a
 * meta-init is trained and validated, a new tenant's events alone get it a promoted model, the
 * model beats popularity on held-out synthetic ground truth, a worse model is rejected, a killed
 * worker's job is retried, and the API keeps answering while the served model is swapped.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelLifecycleTest {

  /** Shared content vocabulary (topics), disjoint catalogues: the setting meta-learning is for. */
  private static final Dataset DATA = new SyntheticGenerator(2026).generate(4, 2500, 3500, true);
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

  private static String tenant;
  private static TenantData newcomer;
  /** The newcomer's held-out future: user -> items they interacted with after the ingested part. */
  private static Map<String, Set<String>> future;

  @Inject ModelRegistry registry;
  @Inject AgroalDataSource dataSource;

  /** No other test class creates sharing tenants with events: before the donors below, none qualifies. */
  @Test
  @Order(0)
  void metaTrainingWithNoTenantToLearnFromSaysSoInsteadOfQueueingAJobThatSkips() {
    given().contentType(ContentType.JSON).body(Map.of("maxSteps", 150)).post("/v1/meta-inits/train").then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", org.hamcrest.Matchers.containsString("shares its data for meta-learning"));
  }

  @Test
  @Order(1)
  void metaTrainingLearnsAndValidatesAnInitFromTheTenantsThatOptedIn() {
    for (int t = 0; t < 3; t++) {
      String donor = Api.createTenant("donor", false, true);
      TenantData data = DATA.tenants().get(t);
      ingest(donor, data, data.numInteractions());
    }
    io.restassured.response.ExtractableResponse<io.restassured.response.Response> accepted = given().contentType(ContentType.JSON)
        .body(Map.of("maxSteps", 150, "maxSeconds", 60)).post("/v1/meta-inits/train").then().statusCode(202).extract();
    long jobId = accepted.jsonPath().getLong("jobId");
    assertTrue(accepted.header("Location").endsWith("/v1/meta-inits/jobs/" + jobId), "Location: " + accepted.header("Location"));
    assertEquals(150, accepted.jsonPath().getInt("payload.maxSteps"), "the payload is an object, not a string holding JSON");
    Map<String, Object> job = awaitJob("/v1/meta-inits/jobs/" + jobId);
    assertEquals("succeeded", job.get("status"), () -> "meta-training: " + job);

    Map<String, Object> init = given().get("/v1/meta-inits").then().statusCode(200).extract().jsonPath().getMap("[0]");
    assertEquals(3, ((List<?>) init.get("trainingTenants")).size(), () -> "the kept init is trained on every donor: " + init);
    assertEquals(3, ((List<?>) init.get("validationTenants")).size(),
        () -> "each donor was measured by an init trained on the other two: " + init);
    Map<?, ?> metrics = (Map<?, ?>) init.get("metrics");
    assertNotNull(metrics.get("servedValue"), () -> "measured: " + init);
    List<?> evidence = (List<?>) metrics.get("evidence");
    assertFalse(evidence.isEmpty(), () -> "evidence per tenant size: " + init);
    assertEquals(50, ((Map<?, ?>) evidence.get(0)).get("events"), () -> "onboarding simulated from 50 events: " + init);
    assertEquals("promoted", init.get("status"), () -> "the first measured init is promoted: " + init);
  }

  @Test
  @Order(2)
  void aNewTenantGetsAPromotedPersonalisedModelFromItsEventsAlone() {
    tenant = Api.createTenant("newcomer", true, false);
    newcomer = DATA.tenants().get(3);
    int ingested = (int) (newcomer.numInteractions() * 0.8);
    future = futureOf(newcomer, ingested);
    ingest(tenant, newcomer, ingested);

    Map<String, Object> model = awaitModel(tenant, 1);
    assertEquals("promoted", model.get("status"), () -> "onboarding model: " + model);
    assertNotNull(model.get("metaInitVersion"), "adapted from the promoted meta-init");

    // Personalised lists beat popularity on what these users did next (synthetic ground truth).
    List<String> popular = Api.asTenant(tenant).queryParam("count", 100).get("/v1/recommendations/users/nobody-we-know")
        .then().statusCode(200).body("strategy", equalTo("popularity")).extract().jsonPath().getList("items.id");
    Map<String, Set<String>> seen = seenBy(newcomer, ingested);
    int personalHits = 0;
    int popularHits = 0;
    int users = 0;
    for (Map.Entry<String, Set<String>> user : future.entrySet()) {
      if (!seen.containsKey(user.getKey())) {
        continue;
      }
      users++;
      ExtractableResponse<Response> response = Api.asTenant(tenant).queryParam("count", 10)
          .get("/v1/recommendations/users/" + user.getKey()).then().statusCode(200).extract();
      assertEquals("personalised", response.path("strategy"));
      assertEquals("v1", response.path("modelVersion"));
      List<String> personal = response.jsonPath().getList("items.id");
      personalHits += hits(personal, user.getValue());
      popularHits += hits(popular.stream().filter(i -> !seen.get(user.getKey()).contains(i)).limit(10).toList(), user.getValue());
    }
    assertTrue(users >= 20, "enough returning users to compare: " + users);
    int personal = personalHits;
    int popularity = popularHits;
    assertTrue(personal > popularity, () -> "personalised hits@10 " + personal + " vs popularity " + popularity);

    // A session of items the model knows is personalised too; an empty one is popularity.
    List<String> session = new ArrayList<>(seen.values().iterator().next());
    Api.asTenant(tenant).body(Map.of("items", session)).post("/v1/recommendations/session")
        .then().statusCode(200).body("strategy", equalTo("personalised")).body("modelVersion", equalTo("v1"));

    // The baseline on request (the console's side-by-side, holdout groups), whatever model is served.
    String someUser = seen.keySet().iterator().next();
    Api.asTenant(tenant).queryParam("strategy", "popularity").get("/v1/recommendations/users/" + someUser)
        .then().statusCode(200).body("strategy", equalTo("popularity")).body("modelVersion", equalTo(null));
    Api.asTenant(tenant).queryParam("strategy", "popularity").body(Map.of("items", session)).post("/v1/recommendations/session")
        .then().statusCode(200).body("strategy", equalTo("popularity"));
    Api.asTenant(tenant).queryParam("strategy", "best").get("/v1/recommendations/users/" + someUser)
        .then().statusCode(400).contentType("application/problem+json");

    // The operator's health view of the tenant names the served model and its quality.
    given().get("/v1/tenants/" + tenant + "/health").then().statusCode(200)
        .body("modelVersion", equalTo("v1"))
        .body("eventsToday", org.hamcrest.Matchers.greaterThan(0))
        .body("validationNdcgAt10", org.hamcrest.Matchers.notNullValue());
  }

  @Test
  @Order(3)
  void personalisedListsHonourFiltersAndPageConsistently() {
    String user = future.keySet().iterator().next();
    List<String> ten = Api.asTenant(tenant).queryParam("count", 10).get("/v1/recommendations/users/" + user)
        .then().statusCode(200).body("nextOffset", equalTo(10)).extract().jsonPath().getList("items.id");
    List<String> first = Api.asTenant(tenant).queryParam("count", 5).get("/v1/recommendations/users/" + user)
        .then().extract().jsonPath().getList("items.id");
    List<String> second = Api.asTenant(tenant).queryParam("count", 5).queryParam("offset", 5).get("/v1/recommendations/users/" + user)
        .then().extract().jsonPath().getList("items.id");
    List<String> paged = new ArrayList<>(first);
    paged.addAll(second);
    assertEquals(ten, paged, "two pages of five are the first ten");
    List<String> excluded = Api.asTenant(tenant).queryParam("count", 10).queryParam("exclude", ten.get(0) + "," + ten.get(1))
        .get("/v1/recommendations/users/" + user).then().extract().jsonPath().getList("items.id");
    assertEquals(ten.subList(2, 10), excluded.subList(0, 8), "excluded ids leave the others in order");

    List<String> items = Api.asTenant(tenant).queryParam("count", 20).queryParam("category", "topic3")
        .get("/v1/recommendations/users/" + user).then().statusCode(200).extract().jsonPath().getList("items.id");
    assertFalse(items.isEmpty());
    for (String item : items) {
      int index = newcomer.itemIds().indexOf(item);
      assertEquals(List.of("topic3"), newcomer.content().get(index).categories(), item);
    }
  }

  @Test
  @Order(4)
  void aWorseModelIsRejectedAndTheServedOneStays() {
    long jobId = given().contentType(ContentType.JSON).body(Map.of("maxSteps", 0))
        .post("/v1/tenants/" + tenant + "/models/adapt").then().statusCode(202).extract().jsonPath().getLong("jobId");
    Map<String, Object> job = awaitJob("/v1/tenants/" + tenant + "/jobs/" + jobId);
    assertEquals("succeeded", job.get("status"), () -> "adaptation: " + job);
    Map<String, Object> second = Api.asTenant(tenant).get("/v1/models/2").then().statusCode(200).extract().jsonPath().getMap("");
    assertEquals("rejected", second.get("status"), () -> "an unadapted init must not replace the adapted model: " + second);
    assertTrue(String.valueOf(second.get("reason")).startsWith("rejected"), () -> "with the reason: " + second);
    Api.asTenant(tenant).get("/v1/models/1").then().body("status", equalTo("promoted"));
    Api.asTenant(tenant).get("/v1/recommendations/users/" + future.keySet().iterator().next())
        .then().body("modelVersion", equalTo("v1"));
  }

  @Test
  @Order(5)
  void aJobWhoseWorkerDiedIsRetriedAndItsHalfFinishedVersionFailed() throws Exception {
    long jobId;
    int abandoned;
    // A worker claims an adaptation, opens a version... and dies: its connection (and lock) go away.
    try (Connection worker = dataSource.getConnection()) {
      worker.setAutoCommit(false);
      try (PreparedStatement claim = worker.prepareStatement(
          "INSERT INTO jobs (tenant_id, kind, payload, status, attempts, worker, started_at) "
              + "VALUES (?, 'adapt', '{}', 'RUNNING', 1, 'doomed-worker', now()) RETURNING job_id")) {
        claim.setString(1, tenant);
        try (ResultSet row = claim.executeQuery()) {
          row.next();
          jobId = row.getLong(1);
        }
      }
      try (PreparedStatement lock = worker.prepareStatement("SELECT pg_advisory_lock(?)")) {
        lock.setLong(1, jobId);
        lock.execute();
      }
      try (PreparedStatement open = worker.prepareStatement(
          "INSERT INTO tenant_models (tenant_id, version, status, job_id) VALUES (?, 3, 'TRAINING', ?)")) {
        open.setString(1, tenant);
        open.setLong(2, jobId);
        open.executeUpdate();
      }
      worker.commit();
      Thread.sleep(500);
      Map<String, Object> held = given().get("/v1/tenants/" + tenant + "/jobs/" + jobId).then().extract().jsonPath().getMap("");
      assertEquals(1, held.get("attempts"), () -> "a job whose worker is alive is not taken: " + held);
      try (PreparedStatement unlock = worker.prepareStatement("SELECT pg_advisory_unlock_all()")) {
        unlock.execute();
      }
      worker.commit();
      abandoned = 3;
    }
    Map<String, Object> job = awaitJob("/v1/tenants/" + tenant + "/jobs/" + jobId);
    assertEquals("succeeded", job.get("status"), () -> "the retried job: " + job);
    assertEquals(2, job.get("attempts"));
    Map<String, Object> dead = Api.asTenant(tenant).get("/v1/models/" + abandoned).then().statusCode(200).extract().jsonPath().getMap("");
    assertEquals("failed", dead.get("status"));
    assertTrue(String.valueOf(dead.get("reason")).contains("worker stopped"), () -> "reason: " + dead);
    Map<String, Object> retried = Api.asTenant(tenant).get("/v1/models/" + (abandoned + 1)).then().statusCode(200).extract().jsonPath().getMap("");
    assertTrue(Set.of("promoted", "rejected").contains(retried.get("status")), () -> "the retry decided: " + retried);
  }

  @Test
  @Order(6)
  void theApiKeepsAnsweringWhileTheServedModelIsSwapped() throws Exception {
    String user = future.keySet().iterator().next();
    // The previous test's retry may have just promoted a version the cache is still loading: start from
    // the version the registry says is promoted, once it is the one served.
    String before = TenantModel.label(registry.promotedModel(tenant).orElseThrow().version());
    await(() -> before.equals(Api.asTenant(tenant).get("/v1/recommendations/users/" + user).then().extract().path("modelVersion")),
        Duration.ofSeconds(30), "the promoted version is served before the swap");
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    Set<String> versionsSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicReference<Boolean> stop = new AtomicReference<>(false);
    Thread load = new Thread(() -> {
      while (!stop.get()) {
        Response response = Api.asTenant(tenant).get("/v1/recommendations/users/" + user);
        if (response.statusCode() != 200 || response.jsonPath().getList("items").isEmpty()) {
          failures.incrementAndGet();
        } else {
          versionsSeen.add(response.path("modelVersion"));
          answered.incrementAndGet();
        }
      }
    });
    load.start();
    try {
      await(() -> answered.get() >= 5, Duration.ofSeconds(30), "requests answered by the old version");
      // Promote a new version through the registry's own path (store, decide, NOTIFY).
      StoredArtifact served = registry.promotedModel(tenant).orElseThrow();
      int version = registry.startTenantModel(tenant, null, 0);
      registry.storeTenantModel(tenant, version, new TrainingResult(served.bytes(), "{}", 0L, 0, null, null));
      assertEquals(ModelStatus.PROMOTED, registry.decideTenantModel(tenant, version, served.version(), true, "swap test"));
      String expected = TenantModel.label(version);
      await(() -> versionsSeen.contains(expected), Duration.ofSeconds(30), "the new version is served");
      Thread.sleep(200);
    } finally {
      stop.set(true);
      load.join();
    }
    assertEquals(0, failures.get(), "no request failed during the swap");
    assertTrue(answered.get() > 10, "requests kept flowing: " + answered.get());
    assertTrue(versionsSeen.contains(before), "the old version answered until the swap");
  }

  // ------------------------------------------------------------------ helpers

  private static void ingest(String tenantId, TenantData data, int events) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < data.numItems(); i++) {
      items.add(Map.of("id", data.itemIds().get(i), "title", data.content().get(i).title(), "categories", data.content().get(i).categories()));
    }
    Api.asTenant(tenantId).body(Map.of("items", items)).put("/v1/items").then().statusCode(200);
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int k = 0; k < events; k++) {
      batch.add(Map.of("eventId", "e" + k, "userId", data.userIds().get(data.users()[k]), "itemId", data.itemIds().get(data.items()[k]),
          "type", "view", "timestamp", data.timestamps()[k]));
    }
    // One request: the onboarding check then sees all of them at once.
    Api.asTenant(tenantId).body(Map.of("events", batch)).post("/v1/events").then().statusCode(200);
  }

  private static Map<String, Set<String>> futureOf(TenantData data, int from) {
    Map<String, Set<String>> out = new HashMap<>();
    for (int k = from; k < data.numInteractions(); k++) {
      out.computeIfAbsent(data.userIds().get(data.users()[k]), u -> new LinkedHashSet<>()).add(data.itemIds().get(data.items()[k]));
    }
    Map<String, Set<String>> seen = seenBy(data, from);
    out.forEach((user, items) -> items.removeAll(seen.getOrDefault(user, Set.of())));
    out.values().removeIf(Set::isEmpty);
    return out;
  }

  private static Map<String, Set<String>> seenBy(TenantData data, int until) {
    Map<String, Set<String>> out = new HashMap<>();
    for (int k = 0; k < until; k++) {
      out.computeIfAbsent(data.userIds().get(data.users()[k]), u -> new HashSet<>()).add(data.itemIds().get(data.items()[k]));
    }
    return out;
  }

  private static int hits(List<String> list, Set<String> relevant) {
    return (int) list.stream().filter(relevant::contains).count();
  }

  private static Map<String, Object> awaitJob(String path) {
    AtomicReference<Map<String, Object>> last = new AtomicReference<>();
    await(() -> {
      Map<String, Object> job = given().get(path).then().statusCode(200).extract().jsonPath().getMap("");
      last.set(job);
      return Set.of("succeeded", "failed").contains(job.get("status"));
    }, JOB_TIMEOUT, "job " + path);
    return last.get();
  }

  private static Map<String, Object> awaitModel(String tenantId, int version) {
    AtomicReference<Map<String, Object>> last = new AtomicReference<>();
    await(() -> {
      Response response = Api.asTenant(tenantId).get("/v1/models/" + version);
      if (response.statusCode() != 200) {
        return false;
      }
      Map<String, Object> model = response.jsonPath().getMap("");
      last.set(model);
      return !Set.of("training", "ready").contains(model.get("status"));
    }, JOB_TIMEOUT, "model v" + version + " of " + tenantId);
    return last.get();
  }

  private static void await(Supplier<Boolean> condition, Duration timeout, String what) {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.get()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
