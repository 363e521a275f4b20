package io.warmstart.platform.jobs;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /**
   * A worker that stops (scale-in, SIGTERM) hands its running job back: queued, runnable now, and the
   * attempt it was on not counted, so repeated scale-ins cannot use up a job's attempts.
   */
  @Test
  void aJobHandedBackAtShutdownKeepsItsAttempts() throws Exception {
    String tenant = Api.createTenant("jobs");
    // No handler runs this kind, so the in-process worker never claims it; this test is its worker.
    Job queued = queue.enqueue(tenant, "test-handed-back", "{}");
    ClaimedJob claim = queue.claimNext(java.util.List.of("test-handed-back"), "stopping-worker", java.time.Duration.ofSeconds(10)).orElseThrow();
    assertEquals(queued.jobId(), claim.job().jobId());
    assertEquals(1, queue.findJob(tenant, queued.jobId()).orElseThrow().attempts());
    claim.release("its worker stopped");
    claim.succeed("late result of a thread that outlived the release");
    Job back = queue.findJob(tenant, queued.jobId()).orElseThrow();
    assertEquals(JobStatus.QUEUED, back.status());
    assertEquals(0, back.attempts());
    assertEquals("its worker stopped", back.message());
    ClaimedJob again = queue.claimNext(java.util.List.of("test-handed-back"), "next-worker", java.time.Duration.ofSeconds(10)).orElseThrow();
    try (again) {
      assertEquals(queued.jobId(), again.job().jobId(), "a handed-back job is runnable at once, by another worker");
      assertEquals(1, again.job().attempts());
    }
  }

  /**
   * A batch worker (exit-when-idle) must not take a job waiting for its retry for an empty queue: it
   * would end "completed" and leave the retry to the next scheduled run.
   */
  @Test
  void aJobWaitingForItsRetryStillCountsAsQueued() throws Exception {
    String tenant = Api.createTenant("jobs");
    assertFalse(queue.hasQueued(java.util.List.of("test-retried-later")));
    Job queued = queue.enqueue(tenant, "test-retried-later", "{}");
    ClaimedJob claim = queue.claimNext(java.util.List.of("test-retried-later"), "batch-worker", java.time.Duration.ofHours(1)).orElseThrow();
    try (claim) {
      assertFalse(claim.fail("the GPU ran out of memory"), "attempt 1 of 3 is retried, not failed for good");
    }
    assertTrue(queue.claimNext(java.util.List.of("test-retried-later"), "batch-worker", java.time.Duration.ofHours(1)).isEmpty(),
        "not runnable during its backoff");
    assertTrue(queue.hasQueued(java.util.List.of("test-retried-later")));
    assertFalse(queue.hasQueued(java.util.List.of("test-some-other-kind")));
    assertEquals(JobStatus.QUEUED, queue.findJob(tenant, queued.jobId()).orElseThrow().status());
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
