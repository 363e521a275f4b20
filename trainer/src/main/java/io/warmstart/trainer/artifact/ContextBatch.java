package io.warmstart.trainer.artifact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** User contexts as padded index and pooling-weight tensors over the last K items. */
public record ContextBatch(NDArray indices, NDArray weights) {

  /**
   * @param contexts item rows in time order; rows outside [0, pad) are skipped
   * @param pad the row index that holds the zero vector
   */
  public static ContextBatch of(NDManager manager, List<int[]> contexts, int maxContext, int pad) {
    int b = contexts.size();
    long[] idx = new long[b * maxContext];
    float[] w = new float[b * maxContext];
    for (int r = 0; r < b; r++) {
      int[] c = contexts.get(r);
      int used = 0;
      for (int k = c.length - 1; k >= 0 && used < maxContext; k--) {
        if (c[k] >= 0 && c[k] < pad) {
          idx[r * maxContext + used++] = c[k];
        }
      }
      for (int k = 0; k < maxContext; k++) {
        if (k >= used) {
          idx[r * maxContext + k] = pad;
        }
        w[r * maxContext + k] = k < used ? 1f / used : 0f;
      }
    }
    return new ContextBatch(manager.create(idx, new Shape(b, maxContext)), manager.create(w, new Shape(b, maxContext)));
  }
}
