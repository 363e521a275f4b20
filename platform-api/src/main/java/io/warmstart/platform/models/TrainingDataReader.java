package io.warmstart.platform.models;

import io.agroal.api.AgroalDataSource;
import io.warmstart.platform.tenant.TenantDirectory;
import io.warmstart.trainer.data.ItemContent;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.data.TenantDataBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Reads one tenant's training data from PostgreSQL: its most recent positive interactions (event
 * types with a weight above zero; impressions and dislikes are not evidence of interest) and its
 * catalogue with the content the model tokenises (title, categories, tags).
 */
@ApplicationScoped
public class TrainingDataReader {

  // The newest `limit` events, returned oldest first: the model learns from the present, and a
  // very large tenant's adaptation stays bounded in memory and time.
  private static final String EVENTS = "SELECT user_id, item_id, extract(epoch FROM occurred_at)::bigint FROM ("
      + "SELECT user_id, item_id, occurred_at, event_id FROM events WHERE tenant_id = ? AND type = ANY (?) "
      + "ORDER BY occurred_at DESC, event_id DESC LIMIT ?) newest ORDER BY occurred_at, event_id";
  private static final String ITEMS = "SELECT item_id, title, categories, tags FROM items WHERE tenant_id = ?";

  @Inject AgroalDataSource dataSource;
  @Inject TenantDirectory directory;

  public TenantData read(String tenantId, int maxEvents) {
    String[] positiveTypes = directory.settingsOf(tenantId).effectiveEventTypes().entrySet().stream()
        .filter(type -> type.getValue() > 0).map(Map.Entry::getKey).toArray(String[]::new);
    TenantDataBuilder builder = new TenantDataBuilder(tenantId);
    try (Connection connection = dataSource.getConnection()) {
      // A cursor (fetch size without autocommit) streams rows instead of buffering the result.
      connection.setAutoCommit(false);
      try {
        readItems(connection, tenantId, builder);
        readEvents(connection, tenantId, positiveTypes, maxEvents, builder);
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the training data of " + tenantId, e);
    }
    return builder.build();
  }

  /** Events of positive types in a tenant, counted up to {@code limit} (cheap however large the tenant is). */
  public long countEventsUpTo(String tenantId, java.time.Instant after, int limit) {
    String sql = "SELECT count(*) FROM (SELECT 1 FROM events WHERE tenant_id = ? AND occurred_at > ? LIMIT ?) bounded";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, tenantId);
      query.setTimestamp(2, java.sql.Timestamp.from(after == null ? java.time.Instant.EPOCH.minusSeconds(1) : after));
      query.setInt(3, limit);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not count the events of " + tenantId, e);
    }
  }

  private static void readItems(Connection connection, String tenantId, TenantDataBuilder builder) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(ITEMS)) {
      query.setString(1, tenantId);
      query.setFetchSize(10_000);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String title = rows.getString(2);
          builder.addItem(rows.getString(1), new ItemContent(title == null ? "" : title, strings(rows.getArray(3)), strings(rows.getArray(4))));
        }
      }
    }
  }

  private static void readEvents(Connection connection, String tenantId, String[] types, int maxEvents, TenantDataBuilder builder)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(EVENTS)) {
      query.setString(1, tenantId);
      query.setArray(2, connection.createArrayOf("text", types));
      query.setInt(3, maxEvents);
      query.setFetchSize(10_000);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          builder.addEvent(rows.getString(1), rows.getString(2), rows.getLong(3));
        }
      }
    }
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }
}
