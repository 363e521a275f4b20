package io.warmstart.platform.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The in-process job worker. */
@ConfigMapping(prefix = "warmstart.jobs")
public interface JobsConfig {

  /** Whether this process runs a worker (the single-machine default); a separate worker process can take over. */
  @WithDefault("true")
  boolean workerEnabled();

  /**
   * The job kinds this process takes ({@code adapt}, {@code meta-train}); absent: all. A GPU worker
   * takes only {@code meta-train}, so CPU workers keep adapting tenants while it trains.
   */
  java.util.Optional<java.util.Set<String>> kinds();

  /**
   * Stop the process once the queue holds no job of its kinds (after finishing what it runs): for a
   * worker started as a batch job (a Kubernetes Job or CronJob on a GPU node) that should end. A job
   * waiting for its retry keeps the process waiting for it; the process exits with status 1 when a
   * job it ran failed for good, so the batch job shows the failure instead of "completed".
   */
  @WithDefault("false")
  boolean exitWhenIdle();

  /**
   * Queue a meta-training run when this worker starts (joining one already queued): with
   * {@code kinds=meta-train} and {@code exit-when-idle}, a scheduled batch job on a GPU node starts,
   * trains once and ends, without an operator token or the API's cron.
   */
  @WithDefault("false")
  boolean metaTrainAtStart();

  /** Jobs this process runs at the same time. */
  @WithDefault("1")
  int workerThreads();

  /** How often an idle worker looks for work. */
  @WithDefault("PT1S")
  Duration pollInterval();

  /**
   * On shutdown (SIGTERM), how long running jobs may finish. Jobs still running after it go back to
   * the queue without using up one of their attempts, so scale-ins never fail a job for good. Keep it
   * below the termination grace period (infra/k8s/50-worker.yaml sets 100 s against 120 s); the
   * single-machine default is short so that a stopped platform stops promptly.
   */
  @WithDefault("PT20S")
  Duration drainTimeout();

  /**
   * How often this process counts the open jobs for its metrics ({@code warmstart_jobs},
   * {@code warmstart_jobs_oldest_queued_age_seconds}): one short grouped query over the open jobs (the
   * partial index {@code jobs_open}) per interval, so every replica can publish it; {@code off} stops it.
   * Alerts and the scaler read the queue from these gauges, and Prometheus scrapes every 30 s anyway.
   */
  @WithDefault("PT15S")
  String metricsInterval();

  /** Wait before retrying a failed attempt, doubled for each further attempt. */
  @WithDefault("PT10S")
  Duration retryBackoff();
}
