package io.warmstart.trainer.policy;

import io.warmstart.trainer.artifact.Blend;
import io.warmstart.trainer.eval.FitInput;
import io.warmstart.trainer.eval.FitReport;
import io.warmstart.trainer.eval.Recommender;
import java.util.List;

/** A fitted model's scores blended with popularity counts as served ({@link Blend}). */
public final class BlendedRecommender implements Recommender {
  private final Recommender model;
  private final float[] popularity;
  private final double lambda;

  public BlendedRecommender(Recommender model, float[] popularity, double lambda) {
    this.model = model;
    this.popularity = popularity;
    this.lambda = lambda;
  }

  /** Support counts per catalogue item, the popularity the platform serves. */
  public static float[] counts(int[] supportItems, int numItems) {
    float[] c = new float[numItems];
    for (int i : supportItems) {
      c[i]++;
    }
    return c;
  }

  @Override
  public String name() {
    return model.name() + "@" + Blend.describe(lambda);
  }

  @Override
  public FitReport fit(FitInput input) {
    throw new UnsupportedOperationException("blend a fitted model");
  }

  @Override
  public float[][] score(List<int[]> contexts) {
    float[][] s = model.score(contexts);
    for (float[] row : s) {
      Blend.into(popularity, row, lambda);
    }
    return s;
  }
}
