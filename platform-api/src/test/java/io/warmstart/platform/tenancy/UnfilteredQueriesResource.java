package io.warmstart.platform.tenancy;

import io.agroal.api.AgroalDataSource;
import io.warmstart.platform.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Test-only endpoints (they exist in the test application, never in the product) that run SQL which
 * "forgot" its tenant filter, as a buggy query would, inside a tenant's request.
 */
@RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_SDK})
@Path("/test-only/unfiltered")
@Produces(MediaType.APPLICATION_JSON)
public class UnfilteredQueriesResource {

  @Inject AgroalDataSource dataSource;

  @GET
  public Map<String, Long> countEverything() throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
      return Map.of(
          "events", single(sql, "SELECT count(*) FROM events"),
          "items", single(sql, "SELECT count(*) FROM items"),
          "tenantsSeenInEvents", single(sql, "SELECT count(DISTINCT tenant_id) FROM events"));
    }
  }

  @DELETE
  public Map<String, Long> deleteEveryItem() throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
      return Map.of("deleted", (long) sql.executeUpdate("DELETE FROM items"));
    }
  }

  /** What a buggy settings update without a tenant filter could do to the tenants table. */
  @jakarta.ws.rs.POST
  @Path("tenants")
  public Map<String, Object> updateEveryTenant() throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
      long visible = single(sql, "SELECT count(*) FROM tenants");
      long optedOut = sql.executeUpdate("UPDATE tenants SET share_for_meta_learning = false");
      String statusChange;
      try {
        sql.executeUpdate("UPDATE tenants SET status = 'SUSPENDED'");
        statusChange = "allowed";
      } catch (SQLException refused) {
        statusChange = refused.getSQLState();
      }
      return Map.of("visible", visible, "optedOut", optedOut, "statusChange", statusChange);
    }
  }

  /**
   * The confinement a plain auto-commit checkout gets, and what is left of it once this code commits
   * the connection itself: the settings are transaction-local, so nothing.
   */
  @GET
  @Path("confinement")
  public Map<String, String> confinementBeforeAndAfterACommit() throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
      String role = text(sql, "SELECT current_setting('role')");
      String tenant = text(sql, "SELECT current_setting('warmstart.tenant_id', true)");
      connection.commit();
      return Map.of(
          "role", role,
          "tenant", tenant,
          "roleAfterCommit", text(sql, "SELECT current_setting('role')"),
          "tenantAfterCommit", String.valueOf(text(sql, "SELECT coalesce(current_setting('warmstart.tenant_id', true), '')")));
    }
  }

  private static String text(Statement sql, String query) throws SQLException {
    try (ResultSet row = sql.executeQuery(query)) {
      row.next();
      return row.getString(1);
    }
  }

  private static long single(Statement sql, String query) throws SQLException {
    try (ResultSet row = sql.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }
}
