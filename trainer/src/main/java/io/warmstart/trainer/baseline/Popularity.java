package io.warmstart.trainer.baseline;

import io.warmstart.trainer.eval.FitInput;
import io.warmstart.trainer.eval.FitReport;
import io.warmstart.trainer.eval.Recommender;
import java.util.Arrays;
import java.util.List;

/** Support popularity: the bar every method must clear on a new tenant. */
public final class Popularity implements Recommender {
  private float[] counts = new float[0];

  @Override
  public String name() {
    return "popularity";
  }

  @Override
  public FitReport fit(FitInput input) {
    counts = new float[input.catalogue().size()];
    for (int i : input.support().items()) {
      counts[i]++;
    }
    return FitReport.none();
  }

  @Override
  public float[][] score(List<int[]> contexts) {
    float[][] out = new float[contexts.size()][];
    for (int k = 0; k < out.length; k++) {
      out[k] = Arrays.copyOf(counts, counts.length);
    }
    return out;
  }
}
