package io.warmstart.trainer.baseline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.warmstart.trainer.eval.FitInput;
import io.warmstart.trainer.eval.FitReport;
import io.warmstart.trainer.eval.Recommender;
import java.util.Arrays;
import java.util.List;

/**
 * EASE (Steck 2019): B = I - P diagMat(1 / diag(P)) with P = (X'X + lambda I)^-1, scores x_u B.
 *
 * <p>The dense solve is O(m^3) time and O(m^2) memory, so it runs over at most {@code maxItems}
 * support items, the most popular first (2,000 items: 16 MB, well under a second in libtorch).
 * Items outside that set cannot be scored and fall back to popularity; a large tenant's long tail
 * rarely reaches a top-10 anyway.
 */
public final class Ease implements Recommender {
  public static final int DEFAULT_MAX_ITEMS = 2000;

  private final float lambda;
  private final int maxItems;
  private int numItems;
  private int[] local;
  private int[] global;
  private float[] weights;

  public Ease(float lambda, int maxItems) {
    this.lambda = lambda;
    this.maxItems = maxItems;
  }

  @Override
  public String name() {
    return "ease(lambda=" + lambda + ")";
  }

  @Override
  public FitReport fit(FitInput input) {
    numItems = input.catalogue().size();
    SupportMatrix m = new SupportMatrix(input.support(), numItems);
    global = topItems(m.itemCount);
    local = new int[numItems];
    Arrays.fill(local, -1);
    for (int l = 0; l < global.length; l++) {
      local[global[l]] = l;
    }
    int n = global.length;
    float[] gram = new float[n * n];
    for (int[] items : m.userItems) {
      for (int a : items) {
        int la = local[a];
        if (la < 0) {
          continue;
        }
        for (int b : items) {
          int lb = local[b];
          if (lb >= 0) {
            gram[la * n + lb] += 1;
          }
        }
      }
    }
    for (int d = 0; d < n; d++) {
      gram[d * n + d] += lambda;
    }
    weights = n == 0 ? new float[0] : solve(gram, n);
    return FitReport.none();
  }

  private int[] topItems(int[] count) {
    return java.util.stream.IntStream.range(0, count.length)
        .filter(i -> count[i] > 0)
        .boxed()
        .sorted((a, b) -> count[a] != count[b] ? Integer.compare(count[b], count[a]) : Integer.compare(a, b))
        .limit(maxItems)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private static float[] solve(float[] gram, int n) {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray p = manager.create(gram, new Shape(n, n)).inverse();
      NDArray diag = p.diagonal();
      NDArray b = p.div(diag.neg().reshape(1, n));
      float[] out = b.toFloatArray();
      for (int d = 0; d < n; d++) {
        out[d * n + d] = 0;
      }
      return out;
    }
  }

  @Override
  public float[][] score(List<int[]> contexts) {
    int n = global.length;
    float[][] out = new float[contexts.size()][];
    for (int c = 0; c < out.length; c++) {
      float[] s = new float[numItems];
      Arrays.fill(s, Float.NaN);
      float[] row = new float[n];
      for (int j : contexts.get(c)) {
        int lj = local[j];
        if (lj >= 0) {
          for (int t = 0; t < n; t++) {
            row[t] += weights[lj * n + t];
          }
        }
      }
      for (int t = 0; t < n; t++) {
        s[global[t]] = row[t];
      }
      out[c] = s;
    }
    return out;
  }
}
