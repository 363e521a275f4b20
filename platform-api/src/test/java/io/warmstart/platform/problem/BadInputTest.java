package io.warmstart.platform.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.warmstart.platform.support.Api;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of bad input gets a problem document that names the failing field or line, never a
 * 500, and leaves the tenant's data unchanged.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

  private String tenant;

  @BeforeEach
  void tenantWithOneEvent() {
    if (tenant != null) {
      return;
    }
    tenant = Api.createTenant("bad");
    Api.asTenant(tenant)
        .body("{\"events\":[{\"eventId\":\"kept\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"}]}")
        .post("/v1/events").then().statusCode(200);
  }

  static String longId() {
    return "x".repeat(257);
  }

  static Stream<Arguments> badEventBatches() {
    return Stream.of(
        Arguments.of("malformed JSON", "{\"events\":[{\"userId\":", 400, "/"),
        Arguments.of("not an object", "[1, 2]", 400, "/0"),
        Arguments.of("wrong type", "{\"events\":[{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"value\":\"abc\"}]}", 400, "/events/0/value"),
        Arguments.of("nested wrong type", "{\"events\":[{\"userId\":{\"a\":1},\"itemId\":\"i\",\"type\":\"view\"}]}", 400, "/events/0/userId"),
        Arguments.of("missing user", "{\"events\":[{\"itemId\":\"i\",\"type\":\"view\"}]}", 400, "/events/0/userId"),
        Arguments.of("missing type", "{\"events\":[{\"userId\":\"u\",\"itemId\":\"i\"}]}", 400, "/events/0/type"),
        Arguments.of("unknown field", "{\"events\":[{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"usr\":\"x\"}]}", 400, "/events/0/usr"),
        Arguments.of("oversized id", "{\"events\":[{\"userId\":\"" + longId() + "\",\"itemId\":\"i\",\"type\":\"view\"}]}", 400, "/events/0/userId"),
        Arguments.of("unknown enum value", "{\"events\":[{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"teleport\"}]}", 400, "/events/0/type"),
        Arguments.of("invalid timestamp", "{\"events\":[{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"yesterday\"}]}", 400, "/events/0/timestamp"),
        Arguments.of("timestamp without zone", "{\"events\":[{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"2025-01-01T00:00:00\"}]}", 400, "/events/0/timestamp"),
        Arguments.of("future timestamp", "{\"events\":[{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"2999-01-01T00:00:00Z\"}]}", 400, "/events/0/timestamp"),
        Arguments.of("NUL in an id", "{\"events\":[{\"userId\":\"a\\u0000b\",\"itemId\":\"i\",\"type\":\"view\"}]}", 400, "/events/0/userId"),
        Arguments.of("extra top-level field", "{\"events\":[],\"more\":1}", 400, "/"),
        Arguments.of("empty body", "", 400, "/"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badEventBatches")
  void badEventBatchesAreRefusedWithAPointer(String label, String body, int status, String pointer) {
    Api.asTenant(tenant).body(body).post("/v1/events")
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("status", equalTo(status))
        .body("errors.pointer", hasItem(pointer))
        .body(not(containsString("Exception")));
    assertNothingChanged();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badItemBatches")
  void badItemBatchesAreRefused(String label, String body, String pointer) {
    Api.asTenant(tenant).body(body).put("/v1/items").then().statusCode(400).contentType("application/problem+json").body("errors.pointer", hasItem(pointer));
    assertNothingChanged();
  }

  static Stream<Arguments> badItemBatches() {
    return Stream.of(
        Arguments.of("NUL in attributes", "{\"items\":[{\"id\":\"a\",\"attributes\":{\"k\":\"v\\u0000\"}}]}", "/items/0/attributes"),
        Arguments.of("categories not a list", "{\"items\":[{\"id\":\"a\",\"categories\":{\"x\":1}}]}", "/items/0/categories"),
        Arguments.of("empty id", "{\"items\":[{\"id\":\"\"}]}", "/items/0/id"),
        Arguments.of("blank category", "{\"items\":[{\"id\":\"a\",\"categories\":[\" \"]}]}", "/items/0/categories/0"));
  }

  @org.junit.jupiter.api.Test
  void invalidUtf8IsRefused() {
    byte[] body = "{\"events\":[{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"}]}".getBytes(StandardCharsets.UTF_8);
    body[15] = (byte) 0xC3;
    body[16] = (byte) 0x28;
    Api.asTenant(tenant).body(body).post("/v1/events").then().statusCode(400).contentType("application/problem+json");
    assertNothingChanged();
  }

  @org.junit.jupiter.api.Test
  void tooManyEventsInOneBatchIs413() {
    StringBuilder body = new StringBuilder("{\"events\":[");
    for (int i = 0; i <= 10_000; i++) {
      body.append(i == 0 ? "" : ",").append("{\"userId\":\"u\",\"itemId\":\"i").append(i).append("\",\"type\":\"view\"}");
    }
    body.append("]}");
    Api.asTenant(tenant).body(body.toString()).post("/v1/events").then().statusCode(413).contentType("application/problem+json");
    assertNothingChanged();
  }

  @org.junit.jupiter.api.Test
  void aBodyOverTheByteLimitIs413() {
    String huge = "y".repeat(200);
    StringBuilder body = new StringBuilder("{\"events\":[");
    for (int i = 0; i < 9000; i++) {
      body.append(i == 0 ? "" : ",").append("{\"userId\":\"").append(huge).append("\",\"itemId\":\"i\",\"type\":\"view\",\"recommendationId\":\"").append(huge).append("\"}");
    }
    body.append("]}");
    Api.asTenant(tenant).body(body.toString()).post("/v1/events").then().statusCode(413).contentType("application/problem+json");
    assertNothingChanged();
  }

  @org.junit.jupiter.api.Test
  void unknownTenantKindAndBadSlugAreRefused() {
    given().contentType("application/json").body("{\"id\":\"ok-id\",\"displayName\":\"X\",\"kind\":\"spaceship\"}")
        .post("/v1/tenants").then().statusCode(400).contentType("application/problem+json").body("errors.pointer", hasItem("/kind"));
    given().contentType("application/json").body("{\"id\":\"Bad Slug!\",\"displayName\":\"X\",\"kind\":\"media\"}")
        .post("/v1/tenants").then().statusCode(400).contentType("application/problem+json").body("errors.pointer", hasItem("/id"));
    given().get("/v1/tenants/ok-id").then().statusCode(404);
  }

  @org.junit.jupiter.api.Test
  void badQueryParametersAreRefused() {
    Api.asTenant(tenant).queryParam("limit", 0).get("/v1/items").then().statusCode(400).contentType("application/problem+json");
    Api.asTenant(tenant).queryParam("after", "not-a-cursor!").get("/v1/events").then().statusCode(400).contentType("application/problem+json");
    Api.asTenant(tenant).queryParam("mode", "sometimes").body("{\"events\":[]}").post("/v1/events").then().statusCode(400);
  }

  @org.junit.jupiter.api.Test
  void unknownRoutesAndMethodsAreProblems() {
    given().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    Api.asTenant(tenant).contentType("text/plain").body("x").post("/v1/events").then().statusCode(415).contentType("application/problem+json");
  }

  private void assertNothingChanged() {
    ValidatableResponse stats = given().get("/v1/tenants/" + tenant + "/stats").then().statusCode(200);
    stats.body("events", equalTo(1)).body("items", equalTo(1)).body("users", equalTo(1));
  }
}
