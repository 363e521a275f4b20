package io.warmstart.platform.experiment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Online experiments. */
@ConfigMapping(prefix = "warmstart.experiments")
public interface ExperimentsConfig {

  /**
   * How often each replica reloads the running experiments. A start or stop takes effect on the
   * replica that made it at once, on the others within this interval.
   */
  @WithDefault("PT1S")
  Duration refreshInterval();

  /** How often served lists are written from memory to the database (and the auto-stop checked). */
  @WithDefault("PT1S")
  Duration logFlushInterval();

  /**
   * Served lists held in memory while the database cannot take them. Beyond this, lists are
   * dropped and counted ({@code warmstart_experiment_lists_dropped_total}); serving never waits.
   */
  @WithDefault("100000")
  int logCapacity();

  /** The auto-stop of an experiment created without {@code maxImpressions}. */
  @WithDefault("20000")
  long defaultMaxImpressions();
}
