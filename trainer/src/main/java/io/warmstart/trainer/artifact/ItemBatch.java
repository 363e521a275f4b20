package io.warmstart.trainer.artifact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Model inputs for a set of items: padded token ids with mean-pooling weights, the feature rows,
 * and the tenant-local residual rows. Built on the Java side so no constant tensor is indexed.
 */
public record ItemBatch(NDArray tokenIds, NDArray tokenWeights, NDArray features, NDArray residualRows) {

  /**
   * @param items item indices; an index equal to {@code numItems} (or a negative one) means an
   *     item the tenant did not know at adaptation time: content only, no residual row
   */
  public static ItemBatch of(
      NDManager manager, int[] items, int[][] tokens, float[][] features, ModelConfig cfg) {
    int s = items.length;
    int l = cfg.maxTokens();
    int numItems = tokens.length;
    long[] ids = new long[s * l];
    float[] w = new float[s * l];
    int nf = cfg.features();
    float[] f = new float[s * nf];
    long[] rows = new long[s];
    for (int k = 0; k < s; k++) {
      int i = items[k];
      boolean known = i >= 0 && i < numItems;
      rows[k] = known ? i : numItems;
      int[] t = known ? tokens[i] : new int[0];
      for (int j = 0; j < l; j++) {
        // Padding points at bucket 0 with weight 0: it contributes nothing and gets no gradient.
        ids[k * l + j] = j < t.length ? t[j] : 0;
        w[k * l + j] = j < t.length ? 1f / t.length : 0f;
      }
      if (known) {
        System.arraycopy(features[i], 0, f, k * nf, nf);
      }
    }
    return new ItemBatch(
        manager.create(ids, new Shape(s, l)),
        manager.create(w, new Shape(s, l)),
        manager.create(f, new Shape(s, nf)),
        manager.create(rows));
  }
}
