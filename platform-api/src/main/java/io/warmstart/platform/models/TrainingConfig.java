package io.warmstart.platform.models;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** When tenants get models: onboarding, re-adaptation and meta-training. */
@ConfigMapping(prefix = "warmstart.training")
public interface TrainingConfig {

  /** Whether this process schedules training work (onboarding checks and the crons); workers run it. */
  @WithDefault("true")
  boolean schedulerEnabled();

  /** Events a tenant needs before its first adaptation; below it, it is served popularity. */
  @WithDefault("500")
  int onboardingMinEvents();

  /** A tenant is re-adapted once it has at least this many events newer than its last model's data... */
  @WithDefault("500")
  int readaptMinNewEvents();

  /** ...and at least this fraction of the last model's training events as new events (big tenants re-adapt less often). */
  @WithDefault("0.25")
  double readaptGrowth();

  /** A model older than this is re-adapted when there is any new event, however few. */
  @WithDefault("P1D")
  Duration readaptMaxAge();

  /** When the re-adaptation check runs over all tenants (Quarkus cron, seconds first). */
  @WithDefault("0 */10 * * * ?")
  String readaptCron();

  /** When meta-training runs over the tenants that opted in; {@code off} disables it. */
  @WithDefault("0 30 3 * * ?")
  String metaTrainCron();

  /** The meta-learning algorithm: metasgd, reptile, fomaml or pooled. */
  @WithDefault("metasgd")
  String metaTrainAlgorithm();

  /** Wall-time budget of one meta-training run. */
  @WithDefault("PT10M")
  Duration metaTrainMaxTime();

  /** Meta-steps of one meta-training run. */
  @WithDefault("100000")
  int metaTrainMaxSteps();

  /** Tenants need this many events to take part in meta-training. */
  @WithDefault("300")
  int metaTrainMinTenantEvents();

  /** Most recent events one adaptation reads (bounds memory and time for very large tenants). */
  @WithDefault("300000")
  int maxAdaptationEvents();

  /** Most recent events read per tenant for meta-training (tasks use at most 3,000-event supports). */
  @WithDefault("50000")
  int maxMetaTrainEventsPerTenant();
}
