package io.warmstart.platform.models;

import io.agroal.api.AgroalDataSource;
import io.warmstart.platform.common.AdvisoryLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The model registry in PostgreSQL: meta-init versions and tenant model versions, their statuses,
 * metrics and artifacts. Promotion is one transaction that also sends {@value #CHANNEL}, so every
 * replica hears about a new model exactly when it becomes visible.
 */
@ApplicationScoped
public class ModelRegistry {

  /** The LISTEN/NOTIFY channel; the payload is the tenant id. */
  public static final String CHANNEL = "warmstart_models";

  private static final String TENANT_MODEL_COLUMNS = "tenant_id, version, status, meta_init_version, events, items, first_event_at, "
      + "last_event_at, metrics::text, reason, artifact_sha256, job_id, created_at, finished_at, promoted_at";
  private static final String META_INIT_COLUMNS = "version, status, algorithm, training_tenants, validation_tenants, metrics::text, "
      + "reason, artifact_sha256, job_id, created_at, finished_at, promoted_at";

  @Inject AgroalDataSource dataSource;

  /** A stored artifact and the version it belongs to. */
  public record StoredArtifact(int version, byte[] bytes) {}

  /** What a finished adaptation or meta-training measured, stored with its artifact. */
  public record TrainingResult(byte[] artifact, String metricsJson, Long events, Integer items, Instant firstEventAt, Instant lastEventAt) {}

  // ------------------------------------------------------------------ tenant models

  public Optional<StoredArtifact> promotedModel(String tenantId) {
    return artifact("SELECT version, artifact FROM tenant_models WHERE tenant_id = ? AND status = 'PROMOTED'", tenantId);
  }

  /** A stored version's artifact whatever its status (an experiment may serve a version that is not promoted); empty when it has none. */
  public Optional<StoredArtifact> modelArtifact(String tenantId, int version) {
    return artifact("SELECT version, artifact FROM tenant_models WHERE tenant_id = ? AND version = ? AND artifact IS NOT NULL", tenantId, version);
  }

  public boolean hasModelArtifact(String tenantId, int version) {
    return !query("SELECT 1 FROM tenant_models WHERE tenant_id = ? AND version = ? AND artifact IS NOT NULL", row -> true, tenantId, version).isEmpty();
  }

  public Optional<Integer> promotedVersion(String tenantId) {
    return query("SELECT version FROM tenant_models WHERE tenant_id = ? AND status = 'PROMOTED'", row -> row.getInt(1), tenantId).stream().findFirst();
  }

  public Optional<TenantModel> latestAttempt(String tenantId) {
    return query("SELECT " + TENANT_MODEL_COLUMNS + " FROM tenant_models WHERE tenant_id = ? ORDER BY version DESC LIMIT 1",
        ModelRegistry::readTenantModel, tenantId).stream().findFirst();
  }

  public List<TenantModel> listTenantModels(String tenantId, int limit) {
    return query("SELECT " + TENANT_MODEL_COLUMNS + " FROM tenant_models WHERE tenant_id = ? ORDER BY version DESC LIMIT ?",
        ModelRegistry::readTenantModel, tenantId, limit);
  }

  public Optional<TenantModel> findTenantModel(String tenantId, int version) {
    return query("SELECT " + TENANT_MODEL_COLUMNS + " FROM tenant_models WHERE tenant_id = ? AND version = ?",
        ModelRegistry::readTenantModel, tenantId, version).stream().findFirst();
  }

  /**
   * Opens a new version in TRAINING. Versions left in TRAINING or READY by a worker that died are
   * failed first: only one adaptation of a tenant runs at a time (the job queue guarantees it), so
   * any such row belongs to an attempt that will never finish.
   */
  public int startTenantModel(String tenantId, Integer metaInitVersion, long jobId) {
    return inTransaction(connection -> {
      try (PreparedStatement stale = connection.prepareStatement(
          "UPDATE tenant_models SET status = 'FAILED', finished_at = now(), reason = 'its worker stopped before finishing; the job was retried' "
              + "WHERE tenant_id = ? AND status IN ('TRAINING', 'READY')")) {
        stale.setString(1, tenantId);
        stale.executeUpdate();
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO tenant_models (tenant_id, version, status, meta_init_version, job_id) "
              + "SELECT ?, coalesce(max(version), 0) + 1, 'TRAINING', ?, ? FROM tenant_models WHERE tenant_id = ? RETURNING version")) {
        insert.setString(1, tenantId);
        insert.setObject(2, metaInitVersion);
        insert.setLong(3, jobId);
        insert.setString(4, tenantId);
        try (ResultSet row = insert.executeQuery()) {
          row.next();
          return row.getInt(1);
        }
      }
    });
  }

  /** Stores the artifact and metrics of a finished adaptation: READY, not yet served. */
  public void storeTenantModel(String tenantId, int version, TrainingResult result) {
    inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE tenant_models SET status = 'READY', artifact = ?, artifact_sha256 = ?, metrics = ?::jsonb, events = ?, items = ?, "
              + "first_event_at = ?, last_event_at = ?, finished_at = now() WHERE tenant_id = ? AND version = ? AND status = 'TRAINING'")) {
        update.setBytes(1, result.artifact());
        update.setString(2, sha256(result.artifact()));
        update.setString(3, result.metricsJson());
        update.setObject(4, result.events());
        update.setObject(5, result.items());
        update.setTimestamp(6, timestamp(result.firstEventAt()));
        update.setTimestamp(7, timestamp(result.lastEventAt()));
        update.setString(8, tenantId);
        update.setInt(9, version);
        requireOneRow(update.executeUpdate(), "tenant model " + tenantId + " " + TenantModel.label(version));
      }
      return null;
    });
  }

  /**
   * Promotes or rejects a READY version. Promotion retires the previous promoted version and
   * notifies replicas in the same transaction. If the promoted version is no longer the one the
   * new model was compared with, the comparison is void and the new version is rejected.
   *
   * @return the status the version ended in
   */
  public ModelStatus decideTenantModel(String tenantId, int version, Integer comparedWith, boolean promote, String reason) {
    return inTransaction(connection -> {
      lockTenant(connection, tenantId);
      Integer current = null;
      try (PreparedStatement promoted = connection.prepareStatement(
          "SELECT version FROM tenant_models WHERE tenant_id = ? AND status = 'PROMOTED'")) {
        promoted.setString(1, tenantId);
        try (ResultSet row = promoted.executeQuery()) {
          if (row.next()) {
            current = row.getInt(1);
          }
        }
      }
      boolean stillValid = java.util.Objects.equals(current, comparedWith);
      ModelStatus status = promote && stillValid ? ModelStatus.PROMOTED : ModelStatus.REJECTED;
      String finalReason = promote && !stillValid
          ? "rejected: the promoted version changed while it was trained (compared with " + label(comparedWith) + ", now " + label(current) + ")"
          : reason;
      if (status == ModelStatus.PROMOTED && current != null) {
        try (PreparedStatement retire = connection.prepareStatement(
            "UPDATE tenant_models SET status = 'RETIRED' WHERE tenant_id = ? AND version = ?")) {
          retire.setString(1, tenantId);
          retire.setInt(2, current);
          retire.executeUpdate();
        }
      }
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE tenant_models SET status = ?, reason = ?, promoted_at = CASE WHEN ? THEN now() END "
              + "WHERE tenant_id = ? AND version = ? AND status = 'READY'")) {
        update.setString(1, status.name());
        update.setString(2, finalReason);
        update.setBoolean(3, status == ModelStatus.PROMOTED);
        update.setString(4, tenantId);
        update.setInt(5, version);
        requireOneRow(update.executeUpdate(), "ready tenant model " + tenantId + " " + TenantModel.label(version));
      }
      if (status == ModelStatus.PROMOTED) {
        notifyReplicas(connection, tenantId);
      }
      return status;
    });
  }

  public void failTenantModel(String tenantId, int version, String reason) {
    inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE tenant_models SET status = 'FAILED', reason = ?, finished_at = now() "
              + "WHERE tenant_id = ? AND version = ? AND status IN ('TRAINING', 'READY')")) {
        update.setString(1, reason);
        update.setString(2, tenantId);
        update.setInt(3, version);
        update.executeUpdate();
      }
      return null;
    });
  }

  /** Part of a tenant's purge: its models go with its data. */
  public long deleteTenantModels(Connection connection, String tenantId) throws SQLException {
    long deleted;
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM tenant_models WHERE tenant_id = ?")) {
      delete.setString(1, tenantId);
      deleted = delete.executeLargeUpdate();
    }
    notifyReplicas(connection, tenantId);
    return deleted;
  }

  // ------------------------------------------------------------------ meta-inits

  public Optional<StoredArtifact> promotedMetaInit() {
    return artifact("SELECT version, artifact FROM meta_inits WHERE status = 'PROMOTED'");
  }

  public List<MetaInit> listMetaInits(int limit) {
    return query("SELECT " + META_INIT_COLUMNS + " FROM meta_inits ORDER BY version DESC LIMIT ?", ModelRegistry::readMetaInit, limit);
  }

  public Optional<MetaInit> findMetaInit(int version) {
    return query("SELECT " + META_INIT_COLUMNS + " FROM meta_inits WHERE version = ?", ModelRegistry::readMetaInit, version).stream().findFirst();
  }

  public int startMetaInit(String algorithm, long jobId) {
    return inTransaction(connection -> {
      try (PreparedStatement stale = connection.prepareStatement(
          "UPDATE meta_inits SET status = 'FAILED', finished_at = now(), reason = 'its worker stopped before finishing; the job was retried' "
              + "WHERE status IN ('TRAINING', 'READY')")) {
        stale.executeUpdate();
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO meta_inits (status, algorithm, job_id) VALUES ('TRAINING', ?, ?) RETURNING version")) {
        insert.setString(1, algorithm);
        insert.setLong(2, jobId);
        try (ResultSet row = insert.executeQuery()) {
          row.next();
          return row.getInt(1);
        }
      }
    });
  }

  public void storeMetaInit(int version, byte[] artifact, List<String> trainingTenants, List<String> validationTenants, String metricsJson) {
    inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE meta_inits SET status = 'READY', artifact = ?, artifact_sha256 = ?, training_tenants = ?, validation_tenants = ?, "
              + "metrics = ?::jsonb, finished_at = now() WHERE version = ? AND status = 'TRAINING'")) {
        update.setBytes(1, artifact);
        update.setString(2, sha256(artifact));
        update.setArray(3, connection.createArrayOf("text", trainingTenants.toArray()));
        update.setArray(4, connection.createArrayOf("text", validationTenants.toArray()));
        update.setString(5, metricsJson);
        update.setInt(6, version);
        requireOneRow(update.executeUpdate(), "meta-init " + version);
      }
      return null;
    });
  }

  public ModelStatus decideMetaInit(int version, Integer comparedWith, boolean promote, String reason) {
    return inTransaction(connection -> {
      try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, 0)")) {
        lock.setInt(1, AdvisoryLocks.META_INIT_REGISTRY);
        lock.execute();
      }
      Integer current = null;
      try (PreparedStatement promoted = connection.prepareStatement("SELECT version FROM meta_inits WHERE status = 'PROMOTED'");
          ResultSet row = promoted.executeQuery()) {
        if (row.next()) {
          current = row.getInt(1);
        }
      }
      boolean stillValid = java.util.Objects.equals(current, comparedWith);
      ModelStatus status = promote && stillValid ? ModelStatus.PROMOTED : ModelStatus.REJECTED;
      String finalReason = promote && !stillValid ? "rejected: the promoted meta-init changed during training" : reason;
      if (status == ModelStatus.PROMOTED && current != null) {
        try (PreparedStatement retire = connection.prepareStatement("UPDATE meta_inits SET status = 'RETIRED' WHERE version = ?")) {
          retire.setInt(1, current);
          retire.executeUpdate();
        }
      }
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE meta_inits SET status = ?, reason = ?, promoted_at = CASE WHEN ? THEN now() END WHERE version = ? AND status = 'READY'")) {
        update.setString(1, status.name());
        update.setString(2, finalReason);
        update.setBoolean(3, status == ModelStatus.PROMOTED);
        update.setInt(4, version);
        requireOneRow(update.executeUpdate(), "ready meta-init " + version);
      }
      return status;
    });
  }

  public void failMetaInit(int version, String reason) {
    inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE meta_inits SET status = 'FAILED', reason = ?, finished_at = now() WHERE version = ? AND status IN ('TRAINING', 'READY')")) {
        update.setString(1, reason);
        update.setInt(2, version);
        update.executeUpdate();
      }
      return null;
    });
  }

  // ------------------------------------------------------------------ plumbing

  static void notifyReplicas(Connection connection, String tenantId) throws SQLException {
    try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
      notify.setString(1, tenantId);
      notify.execute();
    }
  }

  private static void lockTenant(Connection connection, String tenantId) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
      lock.setInt(1, AdvisoryLocks.TENANT_MODELS);
      lock.setString(2, tenantId);
      lock.execute();
    }
  }

  private Optional<StoredArtifact> artifact(String sql, Object... parameters) {
    return query(sql, row -> new StoredArtifact(row.getInt(1), row.getBytes(2)), parameters).stream().findFirst();
  }

  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> List<T> query(String sql, RowReader<T> reader, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        query.setObject(i + 1, parameters[i]);
      }
      List<T> out = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          out.add(reader.read(rows));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("Model registry query failed", e);
    }
  }

  private <T> T inTransaction(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Model registry update failed", e);
    }
  }

  private static void requireOneRow(int updated, String what) {
    if (updated != 1) {
      throw new IllegalStateException(what + " is not in the state this step expects");
    }
  }

  private static TenantModel readTenantModel(ResultSet row) throws SQLException {
    return new TenantModel(row.getString(1), row.getInt(2), ModelStatus.valueOf(row.getString(3)), (Integer) row.getObject(4),
        (Long) row.getObject(5), (Integer) row.getObject(6), instant(row, 7), instant(row, 8), row.getString(9), row.getString(10),
        row.getString(11), (Long) row.getObject(12), instant(row, 13), instant(row, 14), instant(row, 15));
  }

  private static MetaInit readMetaInit(ResultSet row) throws SQLException {
    return new MetaInit(row.getInt(1), ModelStatus.valueOf(row.getString(2)), row.getString(3), strings(row.getArray(4)),
        strings(row.getArray(5)), row.getString(6), row.getString(7), row.getString(8), (Long) row.getObject(9), instant(row, 10),
        instant(row, 11), instant(row, 12));
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static String label(Integer version) {
    return version == null ? "none" : TenantModel.label(version);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
