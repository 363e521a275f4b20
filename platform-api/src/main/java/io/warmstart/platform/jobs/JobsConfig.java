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
