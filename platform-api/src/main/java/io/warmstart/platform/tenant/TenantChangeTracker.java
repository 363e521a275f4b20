package io.warmstart.platform.tenant;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Records that a tenant's data changed. Writers only mark the tenant in memory (no extra write on
 * the ingestion path); once a second the marks are written to {@code tenants.data_changed_at} in
 * one statement, which every replica's serving cache compares against its snapshot.
 */
@ApplicationScoped
public class TenantChangeTracker {

  private static final Logger LOG = Logger.getLogger(TenantChangeTracker.class);

  @Inject AgroalDataSource dataSource;
  @Inject Event<TenantsChanged> changes;

  private final Set<String> changed = ConcurrentHashMap.newKeySet();

  public void markChanged(String tenantId) {
    changed.add(tenantId);
  }

  @Scheduled(every = "${warmstart.serving.change-flush-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void flush() {
    if (changed.isEmpty()) {
      return;
    }
    String[] tenants = changed.toArray(String[]::new);
    changed.removeAll(Set.of(tenants));
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement("UPDATE tenants SET data_changed_at = now() WHERE tenant_id = ANY (?)")) {
      update.setArray(1, connection.createArrayOf("text", tenants));
      update.executeUpdate();
    } catch (SQLException e) {
      changed.addAll(Set.of(tenants));
      LOG.warn("Could not record tenant data changes; will retry", e);
      return;
    }
    changes.fire(new TenantsChanged(List.of(tenants)));
  }
}
