package io.warmstart.platform.operations;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsEndpointsTest {

  @Test
  void healthReportsTheDatabase() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void metricsCountIngestedAndRejectedEvents() {
    String tenant = Api.createTenant("metrics");
    Api.asTenant(tenant).queryParam("mode", "partial")
        .body(Map.of("events", List.of(Map.of("userId", "u", "itemId", "i", "type", "view"), Map.of("userId", "u", "type", "view"))))
        .post("/v1/events").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200)
        .body(containsString("warmstart_ingest_events_total{outcome=\"accepted\",path=\"batch\"}"))
        .body(containsString("warmstart_ingest_events_total{outcome=\"rejected\",path=\"batch\"}"))
        .body(containsString("warmstart_ingest_batch_seconds"));
  }

  @Test
  void openApiDescribesTheVersionedApi() {
    given().get("/q/openapi?format=json").then().statusCode(200)
        .body("paths", org.hamcrest.Matchers.hasKey("/v1/events"))
        .body("paths", org.hamcrest.Matchers.hasKey("/v1/imports/events"))
        .body("paths", org.hamcrest.Matchers.hasKey("/v1/tenants/{id}"));
    given().get("/q/swagger-ui/").then().statusCode(200);
  }

  @Test
  void statsCountEventsPerDay() {
    String tenant = Api.createTenant("perday");
    Api.asTenant(tenant).body(Map.of("events", List.of(
        Map.of("userId", "u", "itemId", "i", "type", "view", "timestamp", "2025-03-01T10:00:00Z"),
        Map.of("userId", "u", "itemId", "j", "type", "view", "timestamp", "2025-03-01T23:00:00Z"),
        Map.of("userId", "v", "itemId", "i", "type", "view", "timestamp", "2025-03-03T01:00:00Z"))))
        .post("/v1/events").then().statusCode(200);
    given().get("/v1/tenants/" + tenant + "/stats").then().statusCode(200)
        .body("eventsPerDay.day", org.hamcrest.Matchers.contains("2025-03-03", "2025-03-01"))
        .body("eventsPerDay.events", org.hamcrest.Matchers.contains(1, 2));
    Api.asTenant(tenant).get("/v1/stats").then().statusCode(200).body("events", equalTo(3));
  }
}
