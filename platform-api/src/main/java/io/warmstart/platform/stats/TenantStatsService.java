package io.warmstart.platform.stats;

import io.agroal.api.AgroalDataSource;
import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.stats.TenantStats.DailyCount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Per-tenant counts, computed from the tables (index-only scans on the tenant's key range). */
@ApplicationScoped
public class TenantStatsService {

  static final int DEFAULT_DAYS = 30;
  static final int MAX_DAYS = 366;

  @Inject AgroalDataSource dataSource;
  @Inject io.warmstart.platform.quota.TenantQuotas quotas;

  public TenantStats statsOf(String tenantId, Integer days) {
    int window = days == null ? DEFAULT_DAYS : days;
    if (window < 1 || window > MAX_DAYS) {
      throw ProblemException.invalidField("days", "days must be between 1 and " + MAX_DAYS);
    }
    try (Connection connection = dataSource.getConnection()) {
      long events = count(connection, "SELECT count(*) FROM events WHERE tenant_id = ?", tenantId);
      long items = count(connection, "SELECT count(*) FROM items WHERE tenant_id = ?", tenantId);
      long placeholders =
          count(connection, "SELECT count(*) FROM items WHERE tenant_id = ? AND placeholder", tenantId);
      long users = count(connection, "SELECT count(*) FROM users WHERE tenant_id = ?", tenantId);
      return new TenantStats(tenantId, events, items, placeholders, users, eventsPerDay(connection, tenantId, window));
    } catch (SQLException e) {
      throw new IllegalStateException("Could not compute stats of tenant " + tenantId, e);
    }
  }

  /** Cheap signals only (index lookups, no counting of the events table), so a page of tenants stays fast. */
  public TenantHealth healthOf(String tenantId) {
    String usage =
        """
        SELECT coalesce(sum(events) FILTER (WHERE day = (now() AT TIME ZONE 'UTC')::date), 0),
               coalesce(sum(events), 0)
        FROM tenant_usage WHERE tenant_id = ? AND day > (now() AT TIME ZONE 'UTC')::date - 7
        """;
    String model =
        """
        SELECT version, promoted_at, extract(epoch FROM now() - coalesce(finished_at, created_at))::bigint,
               (metrics->>'validationNdcgAt10')::float8, (metrics->>'popularityValidationNdcgAt10')::float8
        FROM tenant_models WHERE tenant_id = ? AND status = 'PROMOTED'
        """;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement usageQuery = connection.prepareStatement(usage);
        PreparedStatement lastEventQuery = connection.prepareStatement(
            "SELECT occurred_at FROM events WHERE tenant_id = ? ORDER BY occurred_at DESC LIMIT 1");
        PreparedStatement modelQuery = connection.prepareStatement(model)) {
      usageQuery.setString(1, tenantId);
      lastEventQuery.setString(1, tenantId);
      modelQuery.setString(1, tenantId);
      long today;
      long week;
      try (ResultSet row = usageQuery.executeQuery()) {
        row.next();
        // With what this replica accepted and has not written yet (TenantQuotas writes once a second).
        long unwritten = quotas.unwrittenEventsToday(tenantId);
        today = row.getLong(1) + unwritten;
        week = row.getLong(2) + unwritten;
      }
      java.time.Instant lastEventAt = null;
      try (ResultSet row = lastEventQuery.executeQuery()) {
        if (row.next()) {
          lastEventAt = row.getObject(1, java.time.OffsetDateTime.class).toInstant();
        }
      }
      try (ResultSet row = modelQuery.executeQuery()) {
        if (!row.next()) {
          return new TenantHealth(tenantId, today, week, lastEventAt, null, null, null, null, null);
        }
        java.time.OffsetDateTime promotedAt = row.getObject(2, java.time.OffsetDateTime.class);
        return new TenantHealth(tenantId, today, week, lastEventAt, "v" + row.getInt(1),
            promotedAt == null ? null : promotedAt.toInstant(), row.getLong(3),
            (Double) row.getObject(4), (Double) row.getObject(5));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not compute the health of tenant " + tenantId, e);
    }
  }

  /** Impressions, clicks and CTR per model version or strategy over the last {@code days} days. */
  public List<ClickThrough> clickThrough(String tenantId, Integer days) {
    int window = days == null ? DEFAULT_DAYS : days;
    if (window < 1 || window > MAX_DAYS) {
      throw ProblemException.invalidField("days", "days must be between 1 and " + MAX_DAYS);
    }
    String sql =
        """
        SELECT split_part(recommendation_id, '~', 1) AS source,
               count(*) FILTER (WHERE type = 'impression'),
               count(*) FILTER (WHERE type = 'click'),
               count(*) FILTER (WHERE type NOT IN ('impression', 'click'))
        FROM events
        WHERE tenant_id = ? AND recommendation_id IS NOT NULL AND occurred_at >= now() - make_interval(days => ?)
        GROUP BY 1 ORDER BY 1
        """;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, tenantId);
      query.setInt(2, window);
      List<ClickThrough> out = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          long impressions = rows.getLong(2);
          long clicks = rows.getLong(3);
          out.add(new ClickThrough(rows.getString(1), impressions, clicks, rows.getLong(4), impressions == 0 ? null : (double) clicks / impressions));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not compute click-through of tenant " + tenantId, e);
    }
  }

  /** The last {@code days} days that have events, newest first, ending at the newest event. */
  private static List<DailyCount> eventsPerDay(Connection connection, String tenantId, int days) throws SQLException {
    String sql =
        """
        SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, count(*)
        FROM events
        WHERE tenant_id = ?
          AND occurred_at >= date_trunc('day', (SELECT max(occurred_at) FROM events WHERE tenant_id = ?) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - make_interval(days => ?)
        GROUP BY 1 ORDER BY 1 DESC
        """;
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, tenantId);
      query.setString(2, tenantId);
      query.setInt(3, days - 1);
      List<DailyCount> counts = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          counts.add(new DailyCount(rows.getObject(1, java.time.LocalDate.class), rows.getLong(2)));
        }
      }
      return counts;
    }
  }

  private static long count(Connection connection, String sql, String tenantId) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, tenantId);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}
