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
   * Stop the process once the queue has no job of its kinds (after finishing what it runs): for a
   * worker started as a batch job (a Kubernetes Job or CronJob on a GPU node) that should end.
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

  /** Wait before retrying a failed attempt, doubled for each further attempt. */
  @WithDefault("PT10S")
  Duration retryBackoff();
}
