package io.warmstart.platform.jobs;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import io.warmstart.platform.support.TestDatabases;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JobQueueTest {

  @Inject JobQueue queue;

  @ConfigProperty(name = "warmstart.db.url")
  String databaseUrl;

  @Test
  void aQueuedJobRunsAndReportsItsOutcome() throws Exception {
    String tenant = Api.createTenant("jobs");
    Job job = queue.enqueue(tenant, "test-echo", "{\"n\":1}");
    Job done = awaitJob(tenant, job.jobId(), j -> j.status() == JobStatus.SUCCEEDED);
    assertEquals(1, done.attempts());
    assertEquals(1.0, done.progress());
    assertEquals("echo {\"n\": 1}", done.message());
    Api.asTenant(tenant).get("/v1/jobs").then().statusCode(200).body("[0].status", equalTo("succeeded")).body("[0].kind", equalTo("test-echo"));
  }

  @Test
  void aFailedAttemptIsRetried() throws Exception {
    String tenant = Api.createTenant("jobs");
    Job job = queue.enqueue(tenant, "test-flaky", "{}");
    Job done = awaitJob(tenant, job.jobId(), j -> j.status() == JobStatus.SUCCEEDED);
    assertEquals(2, done.attempts());
    assertEquals("succeeded on attempt 2", done.message());
  }

  @Test
  void enqueueingAgainWhileOneIsOpenReturnsTheOpenJob() {
    String tenant = Api.createTenant("jobs");
    Job first = queue.enqueue(tenant, "test-nobody-runs-this", "{}");
    Job second = queue.enqueue(tenant, "test-nobody-runs-this", "{}");
    assertEquals(first.jobId(), second.jobId());
  }

  /** A worker that holds a job keeps others off it; when that worker dies the job runs again. */
  @Test
  void aJobHeldByALiveWorkerIsNotTakenAndADeadWorkersJobIsRetried() throws Exception {
    String tenant = Api.createTenant("jobs");
    long jobId;
    Connection otherWorker = DriverManager.getConnection(databaseUrl, "postgres", TestDatabases.PASSWORD);
    try {
      otherWorker.setAutoCommit(false);
      try (PreparedStatement claim = otherWorker.prepareStatement(
          "INSERT INTO jobs (tenant_id, kind, status, attempts, worker, started_at) VALUES (?, 'test-resumed', 'RUNNING', 1, 'other', now()) RETURNING job_id")) {
        claim.setString(1, tenant);
        try (ResultSet row = claim.executeQuery()) {
          row.next();
          jobId = row.getLong(1);
        }
      }
      try (PreparedStatement lock = otherWorker.prepareStatement("SELECT pg_advisory_lock(?)")) {
        lock.setLong(1, jobId);
        lock.execute();
      }
      otherWorker.commit();
      Thread.sleep(1000);
      Job meanwhile = queue.findJob(tenant, jobId).orElseThrow();
      assertEquals(JobStatus.RUNNING, meanwhile.status());
      assertEquals(1, meanwhile.attempts(), "the in-process worker must not start a job another worker holds");
    } finally {
      otherWorker.close();
    }
    Job done = awaitJob(tenant, jobId, j -> j.status() == JobStatus.SUCCEEDED);
    assertEquals(2, done.attempts());
    assertEquals("ran on attempt 2", done.message());
  }

  private Job awaitJob(String tenant, long jobId, Predicate<Job> condition) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    Job job = null;
    while (System.nanoTime() < deadline) {
      job = queue.findJob(tenant, jobId).orElseThrow();
      if (condition.test(job)) {
        return job;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job did not reach the expected state: " + job);
  }
}
