package io.warmstart.trainer.bench;

import io.warmstart.trainer.meta.MetaTrainer;
import java.util.List;

/**
 * What `evaluate` runs.
 *
 * @param holdoutTenants explicit held-out tenants; when empty, {@code holdoutFraction} chooses
 * @param methods subset of {@link Benchmark#METHODS} to run
 * @param easeMaxItems cap on EASE's dense item-item solve
 * @param metaAdaptSteps 0: meta-inits adapt with early stopping; N > 0: exactly N inner-loop steps
 * @param threads held-out tenants evaluated at the same time (task-level parallelism; each task's
 *     tensor ops stay on one thread)
 */
public record BenchmarkOptions(
    List<Long> seeds,
    List<String> supportSizes,
    double holdoutFraction,
    List<String> holdoutTenants,
    int maxTestUsers,
    List<String> methods,
    MetaTrainer.Options meta,
    int easeMaxItems,
    int metaAdaptSteps,
    int threads) {}
