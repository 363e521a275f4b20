package io.warmstart.trainer.bench;

import io.warmstart.trainer.meta.MetaTrainer;
import java.util.List;

/**
 * What `evaluate` runs.
 *
 * @param joinTime protocol v3's join time: {@code median} (donors keep rows before T, held-out
 *     tenants rows from T on; only where every row has a timestamp) or {@code none}
 * @param folds v3: the eligible tenants are split into this many folds per seed, each held out
 *     once (leave-one-out below 8 eligible tenants); ignored when a fraction or tenants are given
 * @param holdoutFraction protocol v2: hold out round(F x eligible) tenants per seed; null for v3 folds
 * @param holdoutTenants explicit held-out tenants (one fold); when empty, folds or the fraction choose
 * @param methods subset of {@link Benchmark#METHODS} to run
 * @param easeMaxItems cap on EASE's dense item-item solve
 * @param metaAdaptSteps 0: meta-inits adapt with early stopping; N > 0: exactly N inner-loop steps
 * @param threads held-out tenants evaluated at the same time (task-level parallelism; each task's
 *     tensor ops stay on one thread)
 * @param content item content fields methods may read: title, categories, tags
 * @param served how the {@code served} method is built: the platform's own meta-training and
 *     serving rule
 * @param blends a diagnostic: also report each meta-learned model blended with popularity at
 *     every weight the serving rule can choose
 */
public record BenchmarkOptions(
    List<Long> seeds,
    List<String> supportSizes,
    String joinTime,
    int folds,
    Double holdoutFraction,
    List<String> holdoutTenants,
    int maxTestUsers,
    List<String> methods,
    MetaTrainer.Options meta,
    int easeMaxItems,
    int metaAdaptSteps,
    int threads,
    List<String> content,
    ServedOptions served,
    boolean blends) {

  public static final String JOIN_MEDIAN = "median";
  public static final String JOIN_NONE = "none";
}
