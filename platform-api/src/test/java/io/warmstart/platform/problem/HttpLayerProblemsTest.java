package io.warmstart.platform.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the HTTP layer refuses (NUL bytes and invalid UTF-8 in paths and queries, targets that are
 * not URIs, oversized targets and headers, wrong methods and media types, mistyped parameters) is
 * answered with a problem document that says what was wrong, never a 500 or an empty body.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpLayerProblemsTest {

  @TestHTTPResource("/")
  URL base;

  private String tenant;

  @BeforeEach
  void tenant() {
    if (tenant == null) {
      tenant = Api.createTenant("http-layer");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/items/x%00", "/v1/items?q=%00", "/v1/users/%00", "/v1/events?userId=a%00b", "/v1/items/x%FF",
      "/v1/items?q=%C3%28", "/v1/recommendations/users/u%00", "/v1/items?%00=1"})
  void nulBytesAndInvalidUtf8InTenantRequestsAre400(String target) {
    Api.asTenant(tenant).urlEncodingEnabled(false).get(target)
        .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("status", equalTo(400)).body("detail", anyOf(containsString("NUL"), containsString("UTF-8")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/tenants/x%00", "/v1/tenants/x%00/stats", "/v1/tenants?status=%00", "/v1/tenants/" + "x%FF" + "/credentials"})
  void nulBytesInOperatorRequestsAre400(String target) {
    given().urlEncodingEnabled(false).get(target).then().statusCode(400).contentType(Problem.MEDIA_TYPE);
  }

  @Test
  void credentialRequestsWithANulByteOrAForeignIdNeverReachTheIdentityServer() {
    Api.asTenant(tenant).urlEncodingEnabled(false).delete("/v1/credentials/x%00").then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    Api.asTenant(tenant).urlEncodingEnabled(false).post("/v1/credentials/x%00/rotate").then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    given().delete("/v1/tenants/" + tenant + "/credentials/not-a-client").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    given().post("/v1/tenants/" + tenant + "/credentials/other-api/rotate").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
  }

  @Test
  void rawBackslashesAndOtherNonUriTargetsAreProblems() throws IOException {
    String answer = raw("GET /v1/items/a\\b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
    assertTrue(answer.contains("percent-encoded"), answer);
    answer = raw("GET /v1/items?q=\"x\" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 400") && answer.contains("\"status\":400"), answer);
  }

  @Test
  void anOversizedTargetIs414AndOversizedHeadersAre431() throws IOException {
    String answer = raw("GET /v1/items?q=" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 414"), answer);
    assertTrue(answer.contains("\"status\":414"), answer);
    answer = raw("GET /v1/items HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(30_000) + "\r\nConnection: close\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 431"), answer);
    assertTrue(answer.contains("\"status\":431"), answer);
  }

  @Test
  void methodNotAllowedCarriesAllow() {
    given().put("/v1/tenants").then().statusCode(405).contentType(Problem.MEDIA_TYPE).header("Allow", "GET, HEAD, POST");
    given().post("/v1/tenants/" + tenant).then().statusCode(405).header("Allow", "DELETE, GET, HEAD, PATCH");
  }

  @Test
  void unsupportedMediaTypeSaysWhatIsAccepted() {
    given().contentType("text/plain").body("x").post("/v1/tenants")
        .then().statusCode(415).contentType(Problem.MEDIA_TYPE).body("detail", containsString("application/json"));
    Api.asTenant(tenant).contentType("application/xml").body("<x/>").post("/v1/imports/events")
        .then().statusCode(415).body("detail", containsString("text/csv")).body("detail", containsString("application/x-ndjson"));
  }

  @Test
  void aMistypedQueryParameterIsNamed() {
    Api.asTenant(tenant).queryParam("count", "abc").get("/v1/recommendations/users/u1")
        .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("detail", containsString("'count'")).body("errors.pointer", hasItem("count"));
    given().queryParam("limit", "ten").get("/v1/meta-inits")
        .then().statusCode(400).body("detail", containsString("'limit'")).body("detail", containsString("whole number"));
    given().get("/v1/meta-inits/abc").then().statusCode(400).body("detail", containsString("'version'"));
  }

  @Test
  void unknownFieldsAndGarbageBodiesAreRefusedEverywhere() {
    given().contentType("application/json").body("{\"displayName\":\"New\",\"colour\":\"red\"}").patch("/v1/tenants/" + tenant)
        .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("errors.pointer", hasItem("/colour"));
    given().get("/v1/tenants/" + tenant).then().body("displayName", equalTo("Test " + tenant));
    for (String garbage : new String[] {"garbage", "{\"maxSecs\":5}", "[1,2]", "42", "{\"maxSeconds\":\"soon\"}"}) {
      given().contentType("application/json").body(garbage).post("/v1/meta-inits/train")
          .then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    }
  }

  private String raw(String request) throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        answer.write(buffer, 0, n);
      }
      String text = answer.toString(StandardCharsets.UTF_8);
      assertEquals(-1, in.read());
      return text;
    }
  }
}
