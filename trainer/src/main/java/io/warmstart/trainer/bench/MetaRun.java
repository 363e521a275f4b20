package io.warmstart.trainer.bench;

import java.util.List;

/** Meta-training cost of one algorithm for one seed and fold, as reported. */
public record MetaRun(long seed, int fold, String algorithm, int steps, long examples, double seconds, double examplesPerSecond,
    List<String> trainingTenants, java.util.Map<String, Float> adaptLearningRates) {}
