package io.warmstart.trainer.bench;

import io.warmstart.trainer.service.MetaTraining;

/**
 * How `evaluate` builds {@code served}: the platform's own meta-training on the donors (with its
 * cross-validated serving evidence) and its onboarding threshold.
 *
 * @param metaTraining algorithm, steps and time of the platform's meta-training run
 * @param minEvents below this many events the platform serves popularity without trying a model
 */
public record ServedOptions(MetaTraining.Options metaTraining, int minEvents) {
  /** The platform's defaults: {@code warmstart.training.onboarding-min-events} = 100. */
  public static final int DEFAULT_MIN_EVENTS = 100;

  public static ServedOptions defaults() {
    return new ServedOptions(MetaTraining.Options.defaults(), DEFAULT_MIN_EVENTS);
  }
}
