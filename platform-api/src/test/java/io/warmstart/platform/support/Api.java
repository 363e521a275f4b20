package io.warmstart.platform.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Small helpers so tests read as the behaviour they check. */
public final class Api {

  public static final String TENANT_HEADER = "X-Warmstart-Tenant";

  private Api() {}

  /** A tenant id no other test uses. */
  public static String uniqueTenantId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * A new tenant with automatic training off and not shared for meta-learning: tests that are not
   * about models must not start adaptations in the background or feed another test's meta-training.
   */
  public static String createTenant(String prefix) {
    return createTenant(prefix, false, false);
  }

  public static String createTenant(String prefix, boolean autoTraining, boolean shareForMetaLearning) {
    String id = uniqueTenantId(prefix);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("id", id, "displayName", "Test " + id, "kind", "e-commerce", "settings", Map.of("autoTraining", autoTraining),
            "shareForMetaLearning", shareForMetaLearning))
        .post("/v1/tenants")
        .then()
        .statusCode(201);
    return id;
  }

  public static RequestSpecification asTenant(String tenantId) {
    return given().header(TENANT_HEADER, tenantId).contentType(ContentType.JSON);
  }
}
