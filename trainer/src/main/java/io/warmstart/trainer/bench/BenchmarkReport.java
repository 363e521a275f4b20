package io.warmstart.trainer.bench;

import io.warmstart.trainer.eval.ResultRow;
import java.util.List;

/**
 * Everything `evaluate` measured: the input of report.json, report.md and the plots.
 *
 * @param joinTime protocol v3's T in epoch seconds; null without one
 */
public record BenchmarkReport(
    String dataset,
    BenchmarkOptions options,
    Long joinTime,
    List<String> eligibleTenants,
    List<Benchmark.Fold> folds,
    List<MetaRun> metaTraining,
    List<ResultRow> results) {}
