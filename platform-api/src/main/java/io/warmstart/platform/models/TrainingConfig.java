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

  /**
   * Events a tenant needs before its first adaptation; below it, it is served popularity. Whether the
   * adapted model is then served is the meta-init's evidence for tenants of that size to decide.
   */
  @WithDefault("100")
  int onboardingMinEvents();

  /**
   * Tenant sizes (events) at which a young tenant is re-adapted as its data grows, since a model
   * improves fastest early; past the last one the growth and age rules below take over.
   */
  @WithDefault("100,200,500,1000,2000")
  java.util.List<Integer> readaptAtEvents();

  /** Past the last size of readapt-at-events, a tenant is re-adapted once it has at least this many events newer than its last model's data... */
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

  /** Wall-time budget of all meta-training runs of one meta-training job together. */
  @WithDefault("PT10M")
  Duration metaTrainMaxTime();

  /**
   * Meta-steps of each meta-training run (one per fold and one on all tenants); each stops earlier
   * when its loss on held-aside tasks has converged.
   */
  @WithDefault("5000")
  int metaTrainMaxSteps();

  /** Folds of the cross-validation that measures a meta-init on tenants it was not trained on. */
  @WithDefault("4")
  int metaTrainFolds();

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
