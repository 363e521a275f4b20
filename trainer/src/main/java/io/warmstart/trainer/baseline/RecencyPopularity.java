package io.warmstart.trainer.baseline;

import io.warmstart.trainer.eval.FitInput;
import io.warmstart.trainer.eval.FitReport;
import io.warmstart.trainer.eval.Recommender;
import java.util.Arrays;
import java.util.List;

/**
 * Protocol v3's {@code recpop}: support counts with exponential decay by position from the end of
 * the support. The p-th of N support events (p = 0..N-1, time order) weighs exp(-(N-1-p) / (0.5 N)).
 * Fixed before any run, never tuned.
 */
public final class RecencyPopularity implements Recommender {
  private float[] scores = new float[0];

  @Override
  public String name() {
    return "recpop";
  }

  @Override
  public FitReport fit(FitInput input) {
    int[] items = input.support().items();
    int n = items.length;
    double[] acc = new double[input.catalogue().size()];
    for (int p = 0; p < n; p++) {
      acc[items[p]] += Math.exp(-(n - 1 - p) / (0.5 * n));
    }
    scores = new float[acc.length];
    for (int i = 0; i < acc.length; i++) {
      scores[i] = (float) acc[i];
    }
    return FitReport.none();
  }

  @Override
  public float[][] score(List<int[]> contexts) {
    float[][] out = new float[contexts.size()][];
    for (int k = 0; k < out.length; k++) {
      out[k] = Arrays.copyOf(scores, scores.length);
    }
    return out;
  }
}
