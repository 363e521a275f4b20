package io.warmstart.platform.jobs;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Runs queued jobs in this process: a few threads that claim, run and settle jobs until shutdown. */
@ApplicationScoped
public class JobWorker {

  private static final Logger LOG = Logger.getLogger(JobWorker.class);

  @Inject JobQueue queue;
  @Inject JobsConfig config;
  @Inject @Any Instance<JobHandler> handlerBeans;

  private final Map<String, JobHandler> handlers = new HashMap<>();
  private final String name = ManagementFactory.getRuntimeMXBean().getName();
  private ExecutorService threads;
  private volatile boolean running;
  private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
  private final Set<ClaimedJob> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean aJobFailedForGood;

  void start(@Observes StartupEvent event) {
    handlerBeans.forEach(handler -> {
      if (config.kinds().map(kinds -> kinds.contains(handler.kind())).orElse(true)) {
        handlers.put(handler.kind(), handler);
      }
    });
    config.kinds().ifPresent(kinds -> kinds.stream().filter(kind -> !handlers.containsKey(kind))
        .forEach(kind -> LOG.warnf("warmstart.jobs.kinds names '%s', which no handler runs", kind)));
    if (!config.workerEnabled() || handlers.isEmpty()) {
      return;
    }
    if (config.metaTrainAtStart()) {
      Job queued = queue.enqueue(JobQueue.PLATFORM, "meta-train", "{\"trigger\":\"worker start\"}");
      LOG.infof("Meta-training job %d queued at start (warmstart.jobs.meta-train-at-start)", queued.jobId());
    }
    running = true;
    threads = Executors.newFixedThreadPool(config.workerThreads(), runnable -> {
      Thread thread = new Thread(runnable, "job-worker");
      thread.setDaemon(true);
      return thread;
    });
    for (int i = 0; i < config.workerThreads(); i++) {
      threads.execute(this::loop);
    }
    LOG.infof("Job worker %s runs %s", name, handlers.keySet());
  }

  /**
   * Drains: running jobs get {@code warmstart.jobs.drain-timeout} to finish; the rest go back to the
   * queue without using up an attempt, so repeated scale-ins never fail a job for good.
   */
  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    running = false;
    if (threads == null) {
      return;
    }
    threads.shutdown();
    if (!inFlight.isEmpty()) {
      LOG.infof("Job worker %s: stopping; waiting up to %s for %d running job(s)", name, config.drainTimeout(), inFlight.size());
    }
    if (threads.awaitTermination(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
      return;
    }
    for (ClaimedJob claim : inFlight) {
      Job job = claim.job();
      try {
        claim.release("its worker stopped before it finished (" + name + "); queued again, this attempt not counted");
        LOG.warnf("Job %d (%s of %s) did not finish within %s of shutdown; handed back to the queue", job.jobId(), job.kind(), job.tenantId(),
            config.drainTimeout());
      } catch (java.sql.SQLException | RuntimeException e) {
        LOG.warnf(e, "Job %d could not be handed back; the next worker takes it when this connection closes", job.jobId());
      }
    }
  }

  private void loop() {
    while (running) {
      try {
        busy.incrementAndGet();
        boolean ran;
        try {
          ran = runOne();
        } finally {
          busy.decrementAndGet();
        }
        if (!ran) {
          // A job waiting for its retry is not "no job left": exiting then would end a batch job as
          // completed and leave the retry to the next scheduled run (a day later).
          if (config.exitWhenIdle() && busy.get() == 0 && !queue.hasQueued(handlers.keySet())) {
            int status = aJobFailedForGood ? 1 : 0;
            LOG.infof("Job worker %s: no %s job left; exiting with status %d as asked (warmstart.jobs.exit-when-idle)%s", name, handlers.keySet(),
                status, status == 0 ? "" : ": a job failed for good");
            running = false;
            io.quarkus.runtime.Quarkus.asyncExit(status);
            return;
          }
          Thread.sleep(config.pollInterval().toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("Job worker could not poll the queue; retrying", e);
        sleepQuietly();
      }
    }
  }

  /** Runs one job if there is one; returns whether it did. */
  boolean runOne() {
    Optional<ClaimedJob> claimed = queue.claimNext(handlers.keySet(), name, config.retryBackoff());
    if (claimed.isEmpty()) {
      return false;
    }
    try (ClaimedJob claim = claimed.get()) {
      inFlight.add(claim);
      Job job = claim.job();
      long started = System.nanoTime();
      try {
        String outcome = handlers.get(job.kind()).run(job, claim);
        claim.succeed(outcome);
        LOG.infof("Job %d (%s of %s) succeeded in %d ms: %s", job.jobId(), job.kind(), job.tenantId(), (System.nanoTime() - started) / 1_000_000, outcome);
      } catch (Exception e) {
        LOG.warnf(e, "Job %d (%s of %s) failed on attempt %d", job.jobId(), job.kind(), job.tenantId(), job.attempts());
        if (claim.fail(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())) {
          aJobFailedForGood = true;
        }
      } finally {
        inFlight.remove(claim);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("Could not settle a job", e);
    }
    return true;
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(config.pollInterval().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
