package io.warmstart.trainer.eval;

import java.util.List;

/**
 * What fitting a method reported. Neural methods fill the validation fields: {@code guarded} is
 * true when the adapted model did not beat popularity on the temporal validation slice, so serving
 * falls back to popularity. Baselines return {@link #none()}.
 *
 * @param curve validation NDCG@10 after each evaluated number of steps: [steps, seconds, ndcg]
 */
public record FitReport(
    int steps, Double valNdcg, Double popValNdcg, Boolean guarded, List<double[]> curve) {

  public static FitReport none() {
    return new FitReport(0, null, null, null, List.of());
  }
}
