package io.warmstart.trainer.baseline;

import io.warmstart.trainer.eval.FitInput;
import io.warmstart.trainer.eval.FitReport;
import io.warmstart.trainer.eval.Recommender;
import java.util.List;

/**
 * Item-based nearest neighbours: cosine similarity of items over support users, each item keeps
 * its {@code k} most similar neighbours; a user's score for item i is the sum of similarities
 * between i and the context items.
 */
public final class ItemKnn implements Recommender {
  private final int k;
  private int numItems;
  private int[][] neighbours;
  private float[][] similarity;

  public ItemKnn(int k) {
    this.k = k;
  }

  @Override
  public String name() {
    return "itemknn(k=" + k + ")";
  }

  @Override
  public FitReport fit(FitInput input) {
    numItems = input.catalogue().size();
    SupportMatrix m = new SupportMatrix(input.support(), numItems);
    neighbours = new int[numItems][];
    similarity = new float[numItems][];
    int[] co = new int[numItems];
    int[] touched = new int[numItems];
    for (int j = 0; j < numItems; j++) {
      int nTouched = 0;
      for (int u : m.itemUsers[j]) {
        for (int i : m.userItems.get(u)) {
          if (i != j && co[i]++ == 0) {
            touched[nTouched++] = i;
          }
        }
      }
      keepTop(j, m.itemCount, co, touched, nTouched);
    }
    return FitReport.none();
  }

  private void keepTop(int j, int[] count, int[] co, int[] touched, int nTouched) {
    int size = Math.min(k, nTouched);
    int[] idx = new int[size];
    float[] sim = new float[size];
    int filled = 0;
    for (int t = 0; t < nTouched; t++) {
      int i = touched[t];
      float s = (float) (co[i] / Math.sqrt((double) count[i] * count[j]));
      co[i] = 0;
      if (filled < size) {
        idx[filled] = i;
        sim[filled++] = s;
        bubble(idx, sim, filled - 1);
      } else if (s > sim[size - 1]) {
        idx[size - 1] = i;
        sim[size - 1] = s;
        bubble(idx, sim, size - 1);
      }
    }
    neighbours[j] = idx;
    similarity[j] = sim;
  }

  private static void bubble(int[] idx, float[] sim, int pos) {
    while (pos > 0 && sim[pos] > sim[pos - 1]) {
      int ti = idx[pos];
      idx[pos] = idx[pos - 1];
      idx[pos - 1] = ti;
      float ts = sim[pos];
      sim[pos] = sim[pos - 1];
      sim[pos - 1] = ts;
      pos--;
    }
  }

  @Override
  public float[][] score(List<int[]> contexts) {
    float[][] out = new float[contexts.size()][];
    for (int c = 0; c < out.length; c++) {
      float[] s = new float[numItems];
      for (int j : contexts.get(c)) {
        for (int n = 0; n < neighbours[j].length; n++) {
          s[neighbours[j][n]] += similarity[j][n];
        }
      }
      out[c] = s;
    }
    return out;
  }
}
