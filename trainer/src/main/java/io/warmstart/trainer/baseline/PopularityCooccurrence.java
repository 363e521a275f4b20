package io.warmstart.trainer.baseline;

import io.warmstart.trainer.eval.FitInput;
import io.warmstart.trainer.eval.FitReport;
import io.warmstart.trainer.eval.Recommender;
import java.util.List;

/**
 * Protocol v3's {@code popcooc}: popularity plus 0.5 x co-occurrence,
 * score(j) = count(j) + 0.5 x sum over context items i of co(i, j), where co = X'X of the support's
 * binary user-item matrix with its diagonal zeroed. Fixed before any run, never tuned.
 */
public final class PopularityCooccurrence implements Recommender {
  static final float WEIGHT = 0.5f;
  private SupportMatrix matrix;

  @Override
  public String name() {
    return "popcooc";
  }

  @Override
  public FitReport fit(FitInput input) {
    matrix = new SupportMatrix(input.support(), input.catalogue().size());
    return FitReport.none();
  }

  @Override
  public float[][] score(List<int[]> contexts) {
    float[][] out = new float[contexts.size()][];
    for (int k = 0; k < out.length; k++) {
      float[] s = new float[matrix.itemCount.length];
      for (int j = 0; j < s.length; j++) {
        s[j] = matrix.itemCount[j];
      }
      for (int i : contexts.get(k)) {
        // co(i, j) = users with both i and j: walk i's users and add each one's items.
        for (int u : matrix.itemUsers[i]) {
          for (int j : matrix.userItems.get(u)) {
            if (j != i) {
              s[j] += WEIGHT;
            }
          }
        }
      }
      out[k] = s;
    }
    return out;
  }
}
