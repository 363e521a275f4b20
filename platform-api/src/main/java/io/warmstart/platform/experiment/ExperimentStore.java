package io.warmstart.platform.experiment;

import io.agroal.api.AgroalDataSource;
import io.warmstart.platform.experiment.ExperimentDesign.Method;
import io.warmstart.platform.experiment.ExperimentDesign.Ranker;
import io.warmstart.platform.experiment.ExperimentDesign.Status;
import io.warmstart.platform.experiment.ExperimentDesign.Surface;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The experiments table. Every statement names its tenant, except the cross-tenant read serving refreshes from. */
@ApplicationScoped
public class ExperimentStore {

  private static final String COLUMNS = "tenant_id, experiment_id, name, surface, method, control, treatment, status, "
      + "max_impressions, impressions, created_at, started_at, stopped_at, stop_reason";

  @Inject AgroalDataSource dataSource;

  StoredExperiment insert(String tenantId, String name, Surface surface, Method method, Ranker control, Ranker treatment, long maxImpressions) {
    return one("INSERT INTO experiments (tenant_id, name, surface, method, control, treatment, max_impressions) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS,
        tenantId, name, surface.wireName(), method.wireName(), control.wireName(), treatment.wireName(), maxImpressions)
        .orElseThrow();
  }

  Optional<StoredExperiment> find(String tenantId, long id) {
    return one("SELECT " + COLUMNS + " FROM experiments WHERE tenant_id = ? AND experiment_id = ?", tenantId, id);
  }

  List<StoredExperiment> list(String tenantId, int limit) {
    return query("SELECT " + COLUMNS + " FROM experiments WHERE tenant_id = ? ORDER BY experiment_id DESC LIMIT ?", tenantId, limit);
  }

  Optional<StoredExperiment> runningOn(String tenantId, Surface surface) {
    return one("SELECT " + COLUMNS + " FROM experiments WHERE tenant_id = ? AND surface = ? AND status = 'running'", tenantId, surface.wireName());
  }

  List<StoredExperiment> runningOf(String tenantId) {
    return query("SELECT " + COLUMNS + " FROM experiments WHERE tenant_id = ? AND status = 'running'", tenantId);
  }

  /** Every tenant's running experiments: for serving's in-memory copy, read by the platform's role. */
  List<StoredExperiment> runningEverywhere() {
    return query("SELECT " + COLUMNS + " FROM experiments WHERE status = 'running'");
  }

  /** Starts a draft; empty when it is not one. A concurrent start on the same surface fails on the unique index. */
  Optional<StoredExperiment> start(String tenantId, long id) {
    return one("UPDATE experiments SET status = 'running', started_at = now() "
        + "WHERE tenant_id = ? AND experiment_id = ? AND status = 'draft' RETURNING " + COLUMNS, tenantId, id);
  }

  /** Stops a running experiment; empty when it was not running (already stopped, or never started). */
  Optional<StoredExperiment> stop(String tenantId, long id, String reason) {
    return one("UPDATE experiments SET status = 'stopped', stopped_at = now(), stop_reason = ? "
        + "WHERE tenant_id = ? AND experiment_id = ? AND status = 'running' RETURNING " + COLUMNS, reason, tenantId, id);
  }

  private Optional<StoredExperiment> one(String sql, Object... parameters) {
    return query(sql, parameters).stream().findFirst();
  }

  private List<StoredExperiment> query(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<StoredExperiment> out = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          out.add(read(rows));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new ExperimentStoreException(e);
    }
  }

  private static StoredExperiment read(ResultSet row) throws SQLException {
    return new StoredExperiment(
        row.getString(1),
        row.getLong(2),
        row.getString(3),
        Surface.parse(row.getString(4), "/surface"),
        Method.parse(row.getString(5), "/method"),
        Ranker.parse(row.getString(6), "/control"),
        Ranker.parse(row.getString(7), "/treatment"),
        Status.parse(row.getString(8)),
        row.getLong(9),
        row.getLong(10),
        instant(row.getTimestamp(11)),
        instant(row.getTimestamp(12)),
        instant(row.getTimestamp(13)),
        row.getString(14));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  /** A failed statement, with its SQLSTATE for callers that tell a guard's violation from an outage. */
  static final class ExperimentStoreException extends RuntimeException {
    ExperimentStoreException(SQLException cause) {
      super(cause.getMessage(), cause);
    }

    boolean isUniqueViolation() {
      return getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState());
    }
  }
}
