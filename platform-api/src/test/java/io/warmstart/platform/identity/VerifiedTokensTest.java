package io.warmstart.platform.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Each distinct token is verified once, and is never accepted past its expiry or when altered. */
@QuarkusTest
class VerifiedTokensTest {

  @Inject VerifiedTokens tokens;

  @Test
  void aTokenUsedAgainIsNotVerifiedAgain() {
    String tenant = Api.createTenant("tokens");
    String token = Api.tenantToken(tenant);
    long before = tokens.verifications();
    for (int i = 0; i < 5; i++) {
      Api.withToken(token).get("/v1/stats").then().statusCode(200);
    }
    assertEquals(1, tokens.verifications() - before, "five requests with one token: one full verification");
    String other = Api.createTenant("tokens");
    Api.withToken(Api.tenantToken(other)).get("/v1/stats").then().statusCode(200);
    assertEquals(2, tokens.verifications() - before, "another token is verified on its own");
  }

  @Test
  void aRememberedTokenIsRefusedOnceItExpires() throws Exception {
    String tenant = Api.createTenant("tokens");
    String token = Api.shortLivedTenantToken(tenant, 6);
    long expiresAt = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).path("exp").asLong();
    Api.withToken(token).get("/v1/stats").then().statusCode(200);
    Api.withToken(token).get("/v1/stats").then().statusCode(200);
    long wait = expiresAt * 1000 + 1500 - System.currentTimeMillis();
    assertTrue(wait > 0, "the token was used before it expired");
    Thread.sleep(wait);
    Api.withToken(token).get("/v1/stats").then().statusCode(401);
  }

  @Test
  void anAlteredTokenIsRefusedAfterTheGenuineOneWasRemembered() {
    String tenant = Api.createTenant("tokens");
    String token = Api.tenantToken(tenant);
    Api.withToken(token).get("/v1/stats").then().statusCode(200);
    String[] parts = token.split("\\.");
    char last = parts[2].charAt(parts[2].length() - 2);
    String otherSignature = parts[2].substring(0, parts[2].length() - 2) + (last == 'A' ? 'B' : 'A') + parts[2].charAt(parts[2].length() - 1);
    Api.withToken(parts[0] + "." + parts[1] + "." + otherSignature).get("/v1/stats").then().statusCode(401);
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"tenant\":\"" + tenant + "\"", "\"tenant\":\"someone-else\"");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    Api.withToken(forged).get("/v1/stats").then().statusCode(401);
    Api.withToken(token).get("/v1/stats").then().statusCode(200);
  }

  @Test
  void onlyABearerHeaderIsTakenForAToken() {
    assertEquals("abc.def.ghi", VerifiedTokens.bearerToken("Bearer abc.def.ghi"));
    assertEquals("abc.def.ghi", VerifiedTokens.bearerToken("bearer  abc.def.ghi "));
    assertNull(VerifiedTokens.bearerToken(null));
    assertNull(VerifiedTokens.bearerToken("Bearer "));
    assertNull(VerifiedTokens.bearerToken("Bearer    "));
    assertNull(VerifiedTokens.bearerToken("Basic dXNlcjpwYXNz"));
    assertNull(VerifiedTokens.bearerToken("Bearerabc"));
  }

  @Test
  void aRequestWithoutABearerTokenIsRefusedWithoutAVerification() {
    long before = tokens.verifications();
    Api.anonymous().header("Authorization", "Basic dXNlcjpwYXNz").get("/v1/stats").then().statusCode(401);
    Api.anonymous().get("/v1/stats").then().statusCode(401);
    assertEquals(0, tokens.verifications() - before);
  }
}
