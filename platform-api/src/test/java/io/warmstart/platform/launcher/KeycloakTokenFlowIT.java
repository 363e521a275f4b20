package io.warmstart.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warmstart.platform.support.LoginBrowser;
import io.warmstart.platform.support.TestRealm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The realm in infra/keycloak works with a real Keycloak: the platform's client gets tokens by
 * client credentials, and a person signs in to the console client with authorization code + PKCE.
 */
class KeycloakTokenFlowIT {

  private static final String REDIRECT = "http://localhost:5173/console/callback";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static KeycloakServer keycloak;

  @BeforeAll
  static void startKeycloak() {
    keycloak = SharedKeycloak.get();
  }

  @Test
  void thePlatformClientGetsATokenByClientCredentials() throws Exception {
    HttpResponse<String> response = form(HttpClient.newHttpClient(), tokenEndpoint(),
        Map.of("grant_type", "client_credentials", "client_id", "warmstart-platform", "client_secret", TestRealm.PLATFORM_SECRET));
    assertEquals(200, response.statusCode(), response.body());
    JsonNode claims = claims(JSON.readTree(response.body()).get("access_token").asText());
    assertEquals("warmstart-platform", claims.get("azp").asText());
    assertEquals(keycloak.realmUrl(), claims.get("iss").asText());
  }

  @Test
  void aWrongSecretGetsNoToken() throws Exception {
    HttpResponse<String> response = form(HttpClient.newHttpClient(), tokenEndpoint(),
        Map.of("grant_type", "client_credentials", "client_id", "warmstart-platform", "client_secret", "wrong"));
    assertEquals(401, response.statusCode());
  }

  @Test
  void theOperatorSignsInToTheConsoleWithPkce() throws Exception {
    LoginBrowser browser = new LoginBrowser();
    String verifier = randomUrlSafe(48);
    String challenge = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    String authorize = keycloak.realmUrl() + "/protocol/openid-connect/auth?" + encode(Map.of(
        "client_id", "warmstart-console", "response_type", "code", "scope", "openid", "redirect_uri", REDIRECT,
        "state", "s1", "code_challenge", challenge, "code_challenge_method", "S256"));
    HttpResponse<String> loginPage = browser.get(authorize);
    assertEquals(200, loginPage.statusCode());
    Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(loginPage.body());
    assertTrue(action.find(), "the login page has a form");
    HttpResponse<String> submitted = browser.post(action.group(1).replace("&amp;", "&"), Map.of("username", "operator", "password", TestRealm.OPERATOR_PASSWORD));
    if (submitted.statusCode() == 200 && submitted.body().contains("name=\"password\"")) {
      // Once organisations exist (other tests create tenants), Keycloak asks for the username first,
      // then for the password on a second page.
      Matcher passwordForm = Pattern.compile("action=\"([^\"]+)\"").matcher(submitted.body());
      assertTrue(passwordForm.find(), "the password page has a form");
      submitted = browser.post(passwordForm.group(1).replace("&amp;", "&"), Map.of("password", TestRealm.OPERATOR_PASSWORD));
    }
    assertEquals(302, submitted.statusCode(), submitted.body());
    String location = submitted.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith(REDIRECT), location);
    Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
    assertTrue(code.find());

    Map<String, String> exchange = Map.of("grant_type", "authorization_code", "client_id", "warmstart-console",
        "redirect_uri", REDIRECT, "code", code.group(1));
    HttpResponse<String> withoutVerifier = browser.post(tokenEndpoint(), exchange);
    assertEquals(400, withoutVerifier.statusCode(), "PKCE must be enforced");

    // The failed exchange used up the code: sign in again for a fresh one, this time with the verifier.
    HttpResponse<String> again = browser.get(authorize);
    String secondLocation = again.headers().firstValue("Location").orElseThrow();
    Matcher secondCode = Pattern.compile("[?&]code=([^&]+)").matcher(secondLocation);
    assertTrue(secondCode.find(), "the browser's session signs in without the form: " + secondLocation);
    HttpResponse<String> tokens = browser.post(tokenEndpoint(), Map.of("grant_type", "authorization_code", "client_id", "warmstart-console",
        "redirect_uri", REDIRECT, "code", secondCode.group(1), "code_verifier", verifier));
    assertEquals(200, tokens.statusCode(), tokens.body());
    JsonNode claims = claims(JSON.readTree(tokens.body()).get("access_token").asText());
    assertEquals("warmstart-console", claims.get("azp").asText());
    assertNotNull(claims.get("realm_access"));
    assertTrue(claims.get("realm_access").get("roles").toString().contains("platform-operator"), claims.toString());
  }

  private static String tokenEndpoint() {
    return keycloak.realmUrl() + "/protocol/openid-connect/token";
  }

  private static HttpResponse<String> form(HttpClient http, String url, Map<String, String> fields) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(encode(fields)))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(Map<String, String> fields) {
    return LoginBrowser.encode(fields);
  }

  private static JsonNode claims(String jwt) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  private static String randomUrlSafe(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
