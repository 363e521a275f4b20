package io.warmstart.platform.console;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConsoleConfigTest {

  @Test
  void signInSettingsArePublicAndNameTheRealmAndTheConsoleClient() {
    Api.anonymous().get("/v1/console/config").then().statusCode(200)
        .body("authority", endsWith("/realms/warmstart"))
        .body("clientId", equalTo("warmstart-console"))
        .body("scope", equalTo("openid organization"));
  }

  @Test
  void theConsoleIsServedAndThePlatformsAddressLeadsToIt() {
    Api.anonymous().redirects().follow(false).get("/").then().statusCode(302).header("Location", "/console/");
    Api.anonymous().redirects().follow(false).get("/console").then().statusCode(302).header("Location", "/console/");
    Api.anonymous().get("/console/").then().statusCode(200).contentType("text/html")
        .body(org.hamcrest.Matchers.containsString("<div id=\"root\">"));
  }
}
