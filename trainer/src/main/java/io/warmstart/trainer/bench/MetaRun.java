package io.warmstart.trainer.bench;

import java.util.List;

/** Meta-training cost of one algorithm for one seed, as reported. */
public record MetaRun(long seed, String algorithm, int steps, long examples, double seconds, double examplesPerSecond,
    List<String> trainingTenants, java.util.Map<String, Float> adaptLearningRates) {}
