package io.warmstart.trainer.baseline;

import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.eval.FitInput;
import io.warmstart.trainer.eval.FitReport;
import io.warmstart.trainer.eval.Recommender;
import java.util.Arrays;
import java.util.List;

/**
 * Popularity with events decayed by age, as the platform can serve it
 * ({@code warmstart.serving.popularity-half-life}): each event weighs 0.5^(age / half-life), age
 * measured from the support's newest event. Events without a time weigh 1. Measured to choose the
 * platform's default, not a protocol baseline.
 */
public final class DecayedPopularity implements Recommender {
  private final int halfLifeDays;
  private float[] scores = new float[0];

  public DecayedPopularity(int halfLifeDays) {
    this.halfLifeDays = halfLifeDays;
  }

  @Override
  public String name() {
    return "popularity-" + halfLifeDays + "d";
  }

  @Override
  public FitReport fit(FitInput input) {
    long[] ts = input.support().timestamps();
    long newest = Long.MIN_VALUE;
    for (long t : ts) {
      if (t != TenantData.MISSING_TIME) {
        newest = Math.max(newest, t);
      }
    }
    double halfLifeSeconds = halfLifeDays * 86_400.0;
    double[] acc = new double[input.catalogue().size()];
    int[] items = input.support().items();
    for (int k = 0; k < items.length; k++) {
      acc[items[k]] += ts[k] == TenantData.MISSING_TIME ? 1 : Math.pow(0.5, (newest - ts[k]) / halfLifeSeconds);
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
