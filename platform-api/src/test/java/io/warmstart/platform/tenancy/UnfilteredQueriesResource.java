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

  private static long single(Statement sql, String query) throws SQLException {
    try (ResultSet row = sql.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }
}
