package io.warmstart.platform.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A job this worker holds: the connection that holds its advisory lock stays open until
 * {@link #close()}, and every state change of the job goes through it.
 */
public final class ClaimedJob implements AutoCloseable, JobProgress {

  private final Connection connection;
  private final Job job;
  private final Duration retryBackoff;
  private boolean settled;

  ClaimedJob(Connection connection, Job job, Duration retryBackoff) {
    this.connection = connection;
    this.job = job;
    this.retryBackoff = retryBackoff;
  }

  public Job job() {
    return job;
  }

  @Override
  public void report(double fraction, String message) {
    try {
      JobQueue.progress(connection, job.tenantId(), job.jobId(), fraction, message);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not record progress of job " + job.jobId(), e);
    }
  }

  synchronized void succeed(String message) throws SQLException {
    if (!settled) {
      JobQueue.finish(connection, job.tenantId(), job.jobId(), JobStatus.SUCCEEDED, message);
      settled = true;
    }
  }

  /**
   * Retries with exponential backoff while attempts remain, else fails for good.
   *
   * @return whether the job failed for good
   */
  synchronized boolean fail(String message) throws SQLException {
    if (settled) {
      return false;
    }
    settled = true;
    if (job.attempts() < job.maxAttempts()) {
      JobQueue.requeue(connection, job.tenantId(), job.jobId(), retryBackoff.multipliedBy(1L << (job.attempts() - 1)), message);
      return false;
    }
    JobQueue.finish(connection, job.tenantId(), job.jobId(), JobStatus.FAILED, message);
    return true;
  }

  /**
   * Hands the job back to the queue, runnable at once and without counting this attempt: its worker
   * is stopping, which says nothing about the job. Whatever the job's thread does after this is not
   * recorded (the claim is settled and its connection, with the job's lock, is closed).
   */
  synchronized void release(String message) throws SQLException {
    if (settled) {
      return;
    }
    settled = true;
    try {
      JobQueue.release(connection, job.tenantId(), job.jobId(), message);
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    try (connection) {
      JobQueue.unlock(connection, job.jobId());
    } catch (SQLException e) {
      // Closing the connection releases the lock anyway.
    }
  }
}
