package io.warmstart.platform.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL row-level security as the second wall: SQL without a tenant filter, run in tenant A's
 * request, sees and changes only A's rows.
 */
@QuarkusTest
class RowLevelSecurityTest {

  @Inject TenantRowSecurity rowSecurity;
  @Inject AgroalDataSource dataSource;

  private String tenantA;
  private String tenantB;

  @BeforeEach
  void twoTenants() {
    tenantA = Api.createTenant("rls-a");
    tenantB = Api.createTenant("rls-b");
    for (String tenant : List.of(tenantA, tenantB)) {
      Api.asTenant(tenant).body(Map.of("items", List.of(Map.of("id", "x"), Map.of("id", "y")))).put("/v1/items").then().statusCode(200);
      Api.asTenant(tenant).body(Map.of("events", List.of(Map.of("userId", "u", "itemId", "x", "type", "view")))).post("/v1/events")
          .then().statusCode(200);
    }
  }

  @Test
  void aQueryWithoutATenantFilterSeesOnlyTheRequestsTenant() {
    assertTrue(rowSecurity.enabled(), "the embedded database has the role, so the layer is on");
    Api.asTenant(tenantA).get("/test-only/unfiltered").then().statusCode(200)
        .body("events", equalTo(1))
        .body("items", equalTo(2))
        .body("tenantsSeenInEvents", equalTo(1));
  }

  @Test
  void anUnfilteredDeleteRemovesOnlyTheRequestsTenantsRows() {
    Api.asTenant(tenantA).delete("/test-only/unfiltered").then().statusCode(200).body("deleted", equalTo(2));
    Api.asTenant(tenantB).get("/v1/items/x").then().statusCode(200);
    given().get("/v1/tenants/" + tenantB + "/stats").then().body("items", equalTo(2));
  }

  @Test
  void confinementIsTransactionLocalSoNothingOfItOutlivesTheTransaction() throws Exception {
    // An auto-commit checkout in a tenant's request runs confined (the interceptor opens a transaction)...
    Api.asTenant(tenantA).get("/test-only/unfiltered/confinement").then().statusCode(200)
        .body("role", equalTo(TenantRowSecurity.ROLE))
        .body("tenant", equalTo(tenantA))
        // ...with SET LOCAL, which is what Citus forwards to the shards, and which a commit ends.
        .body("roleAfterCommit", equalTo("none"))
        .body("tenantAfterCommit", equalTo(""));
    // No session state goes back to the pool with the connection.
    for (int i = 0; i < 5; i++) {
      try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
          ResultSet row = sql.executeQuery(
              "SELECT current_setting('role'), coalesce(current_setting('warmstart.tenant_id', true), '')")) {
        row.next();
        assertEquals("none", row.getString(1));
        assertEquals("", row.getString(2));
      }
    }
  }

  @Test
  void theRestrictedRoleWithoutATenantSeesNothingAndCannotWrite() throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
      sql.execute("SET ROLE " + TenantRowSecurity.ROLE);
      try (ResultSet row = sql.executeQuery("SELECT count(*) FROM events")) {
        row.next();
        assertEquals(0, row.getLong(1));
      }
      boolean refused = false;
      try {
        sql.executeUpdate("INSERT INTO items (tenant_id, item_id) VALUES ('" + tenantB + "', 'smuggled')");
      } catch (java.sql.SQLException expected) {
        refused = expected.getMessage().contains("row-level security");
      }
      sql.execute("RESET ROLE");
      assertTrue(refused, "an insert for another tenant violates the policy");
    }
    Api.asTenant(tenantB).get("/v1/items/smuggled").then().statusCode(404);
  }

  @Test
  void aTenantRequestReadsAndUpdatesOnlyItsOwnTenantRowAndOnlyTheSettingsColumns() {
    String sharing = Api.createTenant("rls-sharing", false, true);
    // The policy: one row visible and updatable. The grant: settings columns only, never status.
    Api.asTenant(tenantA).post("/test-only/unfiltered/tenants").then().statusCode(200)
        .body("visible", equalTo(1))
        .body("optedOut", equalTo(1))
        .body("statusChange", equalTo("42501")); // insufficient_privilege
    given().get("/v1/tenants/" + tenantA).then().body("shareForMetaLearning", equalTo(false)).body("status", equalTo("active"));
    given().get("/v1/tenants/" + sharing).then().body("shareForMetaLearning", equalTo(true)).body("status", equalTo("active"));
  }
}
