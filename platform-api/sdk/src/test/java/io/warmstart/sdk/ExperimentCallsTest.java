package io.warmstart.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.warmstart.sdk.Model.Experiment;
import io.warmstart.sdk.Model.NewExperiment;
import io.warmstart.sdk.Model.Recommendations;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The experiment calls against a stand-in API (the JDK's HTTP server) answering with the JSON of the
 * experiments contract, a field the SDK does not know included: paths, bodies and mapping. The calls
 * against the real platform are tested from the platform's test suite (SdkTest there).
 */
class ExperimentCallsTest {

  /** An A/B experiment as the platform answers it, with a field added after this SDK was written. */
  private static final String RUNNING_AB = """
      {"id": 12, "name": "v4 against popularity", "surface": "users", "method": "ab",
       "control": "popularity", "treatment": "v4", "status": "running", "maxImpressions": 20000,
       "createdAt": "2026-12-05T17:30:00Z", "startedAt": "2026-12-05T17:31:00Z", "stoppedAt": null, "stopReason": null,
       "owner": "someone-new",
       "results": {"impressions": 1240, "clicks": 96, "pValue": 0.003, "significant": true,
         "verdict": "treatment (v4) gets more clicks", "interleaving": null,
         "ab": {"control": {"impressions": 620, "clicks": 38, "clickThroughRate": 0.0613, "low": 0.045, "high": 0.083},
                "treatment": {"impressions": 620, "clicks": 58, "clickThroughRate": 0.0935, "low": 0.073, "high": 0.119},
                "relativeLift": 0.526, "liftLow": 0.02, "liftHigh": 1.3}}}""";

  private static final String DRAFT_INTERLEAVING = """
      {"id": 13, "name": "served against popularity", "surface": "session", "method": "interleaving",
       "control": "popularity", "treatment": "served", "status": "draft", "maxImpressions": 500,
       "createdAt": "2026-12-05T17:40:00Z", "startedAt": null, "stoppedAt": null, "stopReason": null,
       "results": {"impressions": 0, "clicks": 0, "pValue": null, "significant": false,
         "verdict": "Not significant yet: 0 impressions, 0 with clicks.",
         "interleaving": {"listsWithClicks": 0, "controlWins": 0, "treatmentWins": 0, "ties": 0,
           "treatmentPreference": null, "preferenceLow": null, "preferenceHigh": null},
         "ab": null}}""";

  private HttpServer server;
  private final Map<String, String> received = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/token", exchange -> answer(exchange, 200, "{\"access_token\":\"t\",\"expires_in\":300}"));
    server.createContext("/v1/experiments", exchange -> {
      String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
      received.put(request, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      switch (request) {
        case "POST /v1/experiments" -> answer(exchange, 201, DRAFT_INTERLEAVING);
        case "GET /v1/experiments" -> answer(exchange, 200, "{\"items\":[" + RUNNING_AB + "," + DRAFT_INTERLEAVING + "]}");
        case "GET /v1/experiments/12" -> answer(exchange, 200, RUNNING_AB);
        case "POST /v1/experiments/12/stop" -> answer(exchange, 200, RUNNING_AB.replace("\"status\": \"running\"", "\"status\": \"stopped\"")
            .replace("\"stopReason\": null", "\"stopReason\": \"stopped by an admin\""));
        case "POST /v1/experiments/13/start" -> answer(exchange, 409, """
            {"type":"about:blank","title":"Conflict","status":409,
             "detail":"Experiment 12 already runs on the users surface: stop it first."}""");
        default -> answer(exchange, 404, "{\"title\":\"Not Found\",\"status\":404}");
      }
    });
    server.createContext("/v1/recommendations", exchange -> answer(exchange, 200, """
        {"recommendationId": "x12.i~0b6c", "strategy": "personalised", "modelVersion": "v4",
         "items": [{"id": "b1", "title": "Dune", "score": 0.9}], "nextOffset": null,
         "experiment": {"id": 12, "arm": "interleaved"}}"""));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void createsAnExperimentWithTheContractsFields() {
    Experiment draft = client().createExperiment(
        NewExperiment.interleaving("served against popularity", "session", "popularity", "served").withMaxImpressions(500));
    assertEquals("{\"name\":\"served against popularity\",\"surface\":\"session\",\"method\":\"interleaving\","
        + "\"control\":\"popularity\",\"treatment\":\"served\",\"maxImpressions\":500}", received.get("POST /v1/experiments"));
    assertEquals(13, draft.id());
    assertEquals("draft", draft.status());
    assertNull(draft.startedAt());
    assertFalse(draft.results().significant());
    assertNull(draft.results().pValue());
    assertNull(draft.results().ab());
    assertEquals(0, draft.results().interleaving().listsWithClicks());
  }

  @Test
  void leavesMaxImpressionsToThePlatformUnlessGiven() {
    client().createExperiment(NewExperiment.ab("a", "users", "popularity", "v3"));
    assertFalse(received.get("POST /v1/experiments").contains("maxImpressions"));
    assertTrue(received.get("POST /v1/experiments").contains("\"method\":\"ab\""));
  }

  @Test
  void readsResultsOfEitherMethod() {
    List<Experiment> all = client().listExperiments();
    assertEquals(List.of(12L, 13L), all.stream().map(Experiment::id).toList());
    Experiment ab = client().getExperiment(12);
    assertEquals(Instant.parse("2026-12-05T17:31:00Z"), ab.startedAt());
    assertEquals(0.003, ab.results().pValue());
    assertTrue(ab.results().significant());
    assertEquals(58, ab.results().ab().treatment().clicks());
    assertEquals(0.0613, ab.results().ab().control().clickThroughRate());
    assertEquals(0.526, ab.results().ab().relativeLift());
    assertNull(ab.results().interleaving());
  }

  @Test
  void startsAndStopsByIdAndSaysWhyAStartIsRefused() {
    Experiment stopped = client().stopExperiment(12);
    assertEquals("stopped", stopped.status());
    assertEquals("stopped by an admin", stopped.stopReason());
    assertTrue(received.containsKey("POST /v1/experiments/12/stop"));
    WarmstartException refused = assertThrows(WarmstartException.class, () -> client().startExperiment(13));
    assertEquals(409, refused.status());
    assertTrue(refused.problem().contains("already runs on the users surface"), refused.problem());
  }

  @Test
  void aListServedByAnExperimentNamesItAndItsArm() {
    Recommendations list = client().recommendForUser("u1", 1);
    assertEquals("x12.i~0b6c", list.recommendationId());
    assertEquals(12, list.experiment().id());
    assertEquals("interleaved", list.experiment().arm());
  }

  private WarmstartClient client() {
    String address = "http://127.0.0.1:" + server.getAddress().getPort();
    return WarmstartClient.builder()
        .apiUrl(address)
        .tokenUrl(address + "/token")
        .credentials("acme-api", "secret")
        .maxAttempts(1)
        .initialBackoff(Duration.ofMillis(1))
        .build();
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", status / 100 == 2 ? "application/json" : "application/problem+json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
