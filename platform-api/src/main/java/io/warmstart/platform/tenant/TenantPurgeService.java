package io.warmstart.platform.tenant;

import io.agroal.api.AgroalDataSource;
import io.warmstart.platform.ingest.KnownKeys;
import io.warmstart.platform.models.ModelRegistry;
import io.warmstart.platform.tenant.TenantRequests.PurgeReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/** Removes every row a deleted tenant owns. Safe to run again after a crash half-way. */
@ApplicationScoped
public class TenantPurgeService {

  private static final Logger LOG = Logger.getLogger(TenantPurgeService.class);

  @Inject AgroalDataSource dataSource;
  @Inject KnownKeys knownKeys;
  @Inject ModelRegistry registry;

  @Transactional
  public PurgeReport purgeTenantData(String tenantId) {
    knownKeys.forgetTenant(tenantId);
    try (Connection connection = dataSource.getConnection()) {
      long events = deleteAll(connection, "events", tenantId);
      long items = deleteAll(connection, "items", tenantId);
      long users = deleteAll(connection, "users", tenantId);
      long models = registry.deleteTenantModels(connection, tenantId);
      deleteAll(connection, "jobs", tenantId);
      deleteAll(connection, "experiment_lists", tenantId);
      deleteAll(connection, "experiments", tenantId);
      LOG.infof("Purged tenant %s: %d events, %d items, %d users, %d model versions", tenantId, events, items, users, models);
      return new PurgeReport(tenantId, events, items, users, models);
    } catch (SQLException e) {
      throw new IllegalStateException("Purge of tenant " + tenantId + " failed", e);
    }
  }

  private static long deleteAll(Connection connection, String table, String tenantId) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE tenant_id = ?")) {
      delete.setString(1, tenantId);
      return delete.executeLargeUpdate();
    }
  }
}
