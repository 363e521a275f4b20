package io.warmstart.platform.jobs;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL job queue. Claiming takes a row with {@code FOR UPDATE SKIP LOCKED} and then a
 * session advisory lock on the job id (the one-key space: {@link io.warmstart.platform.common.AdvisoryLocks}), held on a dedicated connection for as long as the job runs:
 * a job whose lock is held is never started again, and when a worker dies its connection (and so
 * its lock) goes with it, so the next poll starts the job again. Needs session-level connections to
 * PostgreSQL (no transaction-pooling proxy between the platform and the database).
 */
@ApplicationScoped
public class JobQueue {

  /** The tenant id of cross-tenant jobs (not a valid tenant slug). */
  public static final String PLATFORM = "_platform";

  private static final String COLUMNS =
      "tenant_id, job_id, kind, payload::text, status, attempts, max_attempts, progress, message, created_at, started_at, finished_at";

  @Inject AgroalDataSource dataSource;

  /** Queues a job unless the tenant already has an unfinished one of that kind; returns the job that will run. */
  public Job enqueue(String tenantId, String kind, String payloadJson) {
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO jobs (tenant_id, kind, payload) VALUES (?, ?, ?::jsonb) ON CONFLICT DO NOTHING RETURNING " + COLUMNS)) {
        insert.setString(1, tenantId);
        insert.setString(2, kind);
        insert.setString(3, payloadJson);
        try (ResultSet row = insert.executeQuery()) {
          if (row.next()) {
            return read(row);
          }
        }
      }
      try (PreparedStatement open = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM jobs WHERE tenant_id = ? AND kind = ? AND status IN ('QUEUED', 'RUNNING')")) {
        open.setString(1, tenantId);
        open.setString(2, kind);
        try (ResultSet row = open.executeQuery()) {
          if (row.next()) {
            return read(row);
          }
        }
      }
      // The open job finished between the two statements: queue a new one.
      return enqueue(tenantId, kind, payloadJson);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not queue a " + kind + " job for " + tenantId, e);
    }
  }

  public Optional<Job> findJob(String tenantId, long jobId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE tenant_id = ? AND job_id = ?")) {
      query.setString(1, tenantId);
      query.setLong(2, jobId);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? Optional.of(read(row)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read job " + jobId, e);
    }
  }

  /** A tenant's jobs, newest first. */
  public List<Job> listJobs(String tenantId, int limit) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM jobs WHERE tenant_id = ? ORDER BY job_id DESC LIMIT ?")) {
      query.setString(1, tenantId);
      query.setInt(2, limit);
      List<Job> jobs = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          jobs.add(read(rows));
        }
      }
      return jobs;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not list the jobs of " + tenantId, e);
    }
  }

  /** Takes the next runnable job of the given kinds, or empty. The caller must close the claim. */
  public Optional<ClaimedJob> claimNext(Collection<String> kinds, String worker, Duration retryBackoff) {
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
      Optional<ClaimedJob> claimed = claimOn(connection, kinds, worker, retryBackoff);
      connection.commit();
      connection.setAutoCommit(true);
      if (claimed.isEmpty()) {
        connection.close();
      }
      return claimed;
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new IllegalStateException("Could not claim a job", e);
    }
  }

  private Optional<ClaimedJob> claimOn(Connection connection, Collection<String> kinds, String worker, Duration retryBackoff)
      throws SQLException {
    String candidates =
        "SELECT tenant_id, job_id, attempts, max_attempts FROM jobs WHERE status IN ('QUEUED', 'RUNNING') AND run_after <= now() "
            + "AND kind = ANY (?) ORDER BY run_after, job_id LIMIT 20 FOR UPDATE SKIP LOCKED";
    try (PreparedStatement query = connection.prepareStatement(candidates)) {
      query.setArray(1, connection.createArrayOf("text", kinds.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String tenantId = rows.getString(1);
          long jobId = rows.getLong(2);
          if (!tryLock(connection, jobId)) {
            continue;
          }
          if (rows.getInt(3) >= rows.getInt(4)) {
            finish(connection, tenantId, jobId, JobStatus.FAILED, "gave up after " + rows.getInt(3) + " attempts (a worker died while running it)");
            unlock(connection, jobId);
            continue;
          }
          Job job = markRunning(connection, tenantId, jobId, worker);
          return Optional.of(new ClaimedJob(connection, job, retryBackoff));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean tryLock(Connection connection, long jobId) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      lock.setLong(1, jobId);
      try (ResultSet row = lock.executeQuery()) {
        row.next();
        return row.getBoolean(1);
      }
    }
  }

  static void unlock(Connection connection, long jobId) throws SQLException {
    try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      unlock.setLong(1, jobId);
      unlock.execute();
    }
  }

  private static Job markRunning(Connection connection, String tenantId, long jobId, String worker) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE jobs SET status = 'RUNNING', attempts = attempts + 1, worker = ?, started_at = now(), progress = 0, message = NULL "
            + "WHERE tenant_id = ? AND job_id = ? RETURNING " + COLUMNS)) {
      update.setString(1, worker);
      update.setString(2, tenantId);
      update.setLong(3, jobId);
      try (ResultSet row = update.executeQuery()) {
        row.next();
        return read(row);
      }
    }
  }

  static void finish(Connection connection, String tenantId, long jobId, JobStatus status, String message) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE jobs SET status = ?, message = ?, finished_at = now(), progress = CASE WHEN ? THEN 1 ELSE progress END "
            + "WHERE tenant_id = ? AND job_id = ?")) {
      update.setString(1, status.name());
      update.setString(2, message);
      update.setBoolean(3, status == JobStatus.SUCCEEDED);
      update.setString(4, tenantId);
      update.setLong(5, jobId);
      update.executeUpdate();
    }
  }

  static void requeue(Connection connection, String tenantId, long jobId, Duration delay, String message) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE jobs SET status = 'QUEUED', message = ?, run_after = now() + make_interval(secs => ?) WHERE tenant_id = ? AND job_id = ?")) {
      update.setString(1, message);
      update.setDouble(2, delay.toMillis() / 1000.0);
      update.setString(3, tenantId);
      update.setLong(4, jobId);
      update.executeUpdate();
    }
  }

  /** A running job back to the queue, runnable now, with the attempt it was on not counted. */
  static void release(Connection connection, String tenantId, long jobId, String message) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE jobs SET status = 'QUEUED', attempts = greatest(attempts - 1, 0), message = ?, run_after = now(), worker = NULL "
            + "WHERE tenant_id = ? AND job_id = ? AND status = 'RUNNING'")) {
      update.setString(1, message);
      update.setString(2, tenantId);
      update.setLong(3, jobId);
      update.executeUpdate();
    }
  }

  /** Whether a job of these kinds waits in the queue, runnable now or later (a retry after its backoff). */
  public boolean hasQueued(Collection<String> kinds) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM jobs WHERE status = 'QUEUED' AND kind = ANY (?))")) {
      query.setArray(1, connection.createArrayOf("text", kinds.toArray()));
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getBoolean(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not look for queued " + kinds + " jobs", e);
    }
  }

  static void progress(Connection connection, String tenantId, long jobId, double fraction, String message) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE jobs SET progress = ?, message = ? WHERE tenant_id = ? AND job_id = ?")) {
      update.setDouble(1, Math.max(0, Math.min(1, fraction)));
      update.setString(2, message);
      update.setString(3, tenantId);
      update.setLong(4, jobId);
      update.executeUpdate();
    }
  }

  private static Job read(ResultSet row) throws SQLException {
    double progress = row.getDouble(8);
    return new Job(
        row.getString(1),
        row.getLong(2),
        row.getString(3),
        row.getString(4),
        JobStatus.valueOf(row.getString(5)),
        row.getInt(6),
        row.getInt(7),
        row.wasNull() ? null : progress,
        row.getString(9),
        instant(row, 10),
        instant(row, 11),
        instant(row, 12));
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already failing
      }
    }
  }
}
