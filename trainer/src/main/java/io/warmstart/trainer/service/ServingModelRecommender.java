package io.warmstart.trainer.service;

import io.warmstart.trainer.artifact.ServingModel;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.eval.FitInput;
import io.warmstart.trainer.eval.FitReport;
import io.warmstart.trainer.eval.Recommender;
import java.util.Arrays;
import java.util.List;

/**
 * A model adapted earlier (on another snapshot of the tenant) seen through today's catalogue, so it
 * can be measured on today's validation slice: contexts and scores are translated by item id.
 * Items the model never saw score NaN, which the ranking orders by support popularity.
 */
final class ServingModelRecommender implements Recommender {
  private final ServingModel model;
  private final int[] rowOfIndex;

  ServingModelRecommender(ServingModel model, Catalogue catalogue) {
    this.model = model;
    this.rowOfIndex = new int[catalogue.size()];
    for (int i = 0; i < rowOfIndex.length; i++) {
      rowOfIndex[i] = model.rowOf(catalogue.itemIds().get(i));
    }
  }

  @Override
  public String name() {
    return "incumbent";
  }

  @Override
  public FitReport fit(FitInput input) {
    throw new UnsupportedOperationException("an incumbent is already fitted");
  }

  @Override
  public float[][] score(List<int[]> contexts) {
    float[][] out = new float[contexts.size()][];
    float[] rowScores = new float[model.size()];
    for (int c = 0; c < out.length; c++) {
      // Unknown context items map to -1, which the model skips.
      int[] rows = Arrays.stream(contexts.get(c)).map(i -> rowOfIndex[i]).toArray();
      model.scoreInto(rows, rowScores);
      float[] s = new float[rowOfIndex.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = rowOfIndex[i] >= 0 ? rowScores[rowOfIndex[i]] : Float.NaN;
      }
      out[c] = s;
    }
    return out;
  }
}
