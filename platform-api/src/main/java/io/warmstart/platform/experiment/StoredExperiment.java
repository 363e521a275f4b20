package io.warmstart.platform.experiment;

import io.warmstart.platform.experiment.ExperimentDesign.Method;
import io.warmstart.platform.experiment.ExperimentDesign.Ranker;
import io.warmstart.platform.experiment.ExperimentDesign.Status;
import io.warmstart.platform.experiment.ExperimentDesign.Surface;
import java.time.Instant;

/** An experiment's row. */
record StoredExperiment(
    String tenantId,
    long id,
    String name,
    Surface surface,
    Method method,
    Ranker control,
    Ranker treatment,
    Status status,
    long maxImpressions,
    long impressions,
    Instant createdAt,
    Instant startedAt,
    Instant stoppedAt,
    String stopReason) {

  RunningExperiment running() {
    return new RunningExperiment(tenantId, id, surface, method, control, treatment);
  }
}
