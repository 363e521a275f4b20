package io.warmstart.platform.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person signing in to the console client the way a browser does: authorization code + PKCE
 * through Keycloak's login form, including the password change a first sign-in with a temporary
 * password asks for. Returns the access token.
 */
public final class ConsoleLogin {

  private static final String REDIRECT = "http://localhost:5173/console/callback";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoginBrowser browser = new LoginBrowser();

  private ConsoleLogin() {}

  public static String signIn(String username, String password, String newPasswordIfAsked) throws Exception {
    return new ConsoleLogin().run(username, password, newPasswordIfAsked);
  }

  private String run(String username, String password, String newPassword) throws Exception {
    String realm = Tokens.keycloakUrl() + "/realms/warmstart";
    byte[] random = new byte[48];
    new SecureRandom().nextBytes(random);
    String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String challenge = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    HttpResponse<String> page = get(realm + "/protocol/openid-connect/auth?" + encode(Map.of(
        "client_id", "warmstart-console", "response_type", "code", "scope", "openid organization", "redirect_uri", REDIRECT,
        "state", "s", "code_challenge", challenge, "code_challenge_method", "S256")));
    // With organisations on, Keycloak may ask for the username first and the password on a second
    // page; a temporary password then leads to the "update password" page.
    HttpResponse<String> step = page;
    for (int i = 0; i < 6; i++) {
      if (step.statusCode() == 302) {
        String next = step.headers().firstValue("Location").orElse("");
        if (next.startsWith(REDIRECT)) {
          break;
        }
        step = get(next);
        continue;
      }
      if (step.statusCode() != 200) {
        break;
      }
      String body = step.body();
      Map<String, String> fields = new LinkedHashMap<>();
      if (body.contains("name=\"password-new\"")) {
        fields.put("password-new", newPassword);
        fields.put("password-confirm", newPassword);
      } else {
        if (body.contains("name=\"username\"")) {
          fields.put("username", username);
        }
        if (body.contains("name=\"password\"")) {
          fields.put("password", password);
        }
      }
      step = post(formAction(step), fields);
    }
    HttpResponse<String> response = step;
    String location = response.headers().firstValue("Location")
        .orElseThrow(() -> new IllegalStateException("sign-in did not redirect: " + response.statusCode() + " "
            + response.body().replaceAll("(?s)<[^>]+>", " ").replaceAll("\\s+", " ").strip()));
    Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
    if (!code.find()) {
      throw new IllegalStateException("no code in " + location);
    }
    HttpResponse<String> tokens = post(realm + "/protocol/openid-connect/token", Map.of("grant_type", "authorization_code",
        "client_id", "warmstart-console", "redirect_uri", REDIRECT, "code", code.group(1), "code_verifier", verifier));
    if (tokens.statusCode() != 200) {
      throw new IllegalStateException("code exchange refused: " + tokens.body());
    }
    return JSON.readTree(tokens.body()).get("access_token").asText();
  }

  private static String formAction(HttpResponse<String> page) {
    Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(page.body());
    if (!action.find()) {
      throw new IllegalStateException("no form on the page (HTTP " + page.statusCode() + ")");
    }
    return action.group(1).replace("&amp;", "&");
  }

  private HttpResponse<String> get(String url) throws Exception {
    return browser.get(url);
  }

  private HttpResponse<String> post(String url, Map<String, String> fields) throws Exception {
    return browser.post(url, fields);
  }

  private static String encode(Map<String, String> fields) {
    return LoginBrowser.encode(fields);
  }
}
