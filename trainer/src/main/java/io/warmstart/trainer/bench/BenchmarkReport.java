package io.warmstart.trainer.bench;

import io.warmstart.trainer.eval.ResultRow;
import java.util.List;
import java.util.Map;

/** Everything `evaluate` measured: the input of report.json, report.md and the plots. */
public record BenchmarkReport(
    String dataset,
    BenchmarkOptions options,
    Map<Long, List<String>> holdout,
    List<MetaRun> metaTraining,
    List<ResultRow> results) {}
