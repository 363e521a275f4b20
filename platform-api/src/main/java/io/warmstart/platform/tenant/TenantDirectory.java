package io.warmstart.platform.tenant;

import io.warmstart.platform.common.WouldBlock;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers "does this tenant exist, is it active, what are its settings" on every tenant request.
 * Entries live for a few seconds so the hot path skips a query; changes made through this process
 * are visible at once, changes made by another replica within {@link #TTL_NANOS}.
 */
@ApplicationScoped
public class TenantDirectory {

  private static final long TTL_NANOS = 5_000_000_000L;

  @Inject AgroalDataSource dataSource;
  @Inject com.fasterxml.jackson.databind.ObjectMapper json;

  private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(TenantDirectory.class);

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final java.util.Set<String> staleWarnings = ConcurrentHashMap.newKeySet();

  public record Entry(TenantStatus status, TenantSettings settings, long loadedAt) {}

  public Optional<TenantStatus> statusOf(String tenantId) {
    return lookup(tenantId).map(Entry::status);
  }

  public TenantSettings settingsOf(String tenantId) {
    return lookup(tenantId).map(Entry::settings).orElse(TenantSettings.defaults());
  }

  public void forget(String tenantId) {
    entries.remove(tenantId);
  }

  private Optional<Entry> lookup(String tenantId) {
    Entry cached = entries.get(tenantId);
    if (cached != null && System.nanoTime() - cached.loadedAt() < TTL_NANOS) {
      return Optional.of(cached);
    }
    WouldBlock.unlessOnWorker();
    Optional<Entry> loaded;
    try {
      loaded = load(tenantId);
    } catch (IllegalStateException e) {
      if (cached == null) {
        throw e;
      }
      // The database is away (a switchover, an outage): serving goes on from memory, so the last
      // status read stands. Nobody can change it meanwhile, since that needs the database too.
      if (staleWarnings.add(tenantId)) {
        LOG.warnf("Could not read tenant %s (%s); using its status from %d s ago until the database answers", tenantId,
            e.getCause() == null ? e.getMessage() : e.getCause().getMessage(), (System.nanoTime() - cached.loadedAt()) / 1_000_000_000L);
      }
      return Optional.of(cached);
    }
    staleWarnings.remove(tenantId);
    loaded.ifPresentOrElse(entry -> entries.put(tenantId, entry), () -> entries.remove(tenantId));
    return loaded;
  }

  private Optional<Entry> load(String tenantId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT status, settings::text FROM tenants WHERE tenant_id = ?")) {
      query.setString(1, tenantId);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        TenantSettings settings = json.readValue(row.getString(2), TenantSettings.class);
        return Optional.of(new Entry(TenantStatus.valueOf(row.getString(1)), settings, System.nanoTime()));
      }
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("Could not read tenant " + tenantId, e);
    }
  }
}
