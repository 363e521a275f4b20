package io.warmstart.trainer.meta;

import io.warmstart.trainer.model.TrainingData;

/**
 * One training tenant cut at a random point, as the platform would see a new tenant: support =
 * the events before the cut (inner loop), query = the protocol's test users after it (outer loss).
 * Features come from the support only, exactly as at evaluation time.
 */
public record MetaTask(String tenant, int cutoff, TrainingData support, TrainingData query) {
  public int numItems() {
    return support.numItems();
  }
}
