package io.warmstart.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.Map;

/**
 * Plain SGD with one learning rate per parameter group (the inner loop of all meta-learners).
 * Each tensor's gradient is clipped to norm {@link #MAX_NORM}: meta-learned inits sit where a few
 * large steps are useful, and one outlier batch must not throw them to infinity.
 */
public final class GroupSgd {
  static final float MAX_NORM = 5f;

  private GroupSgd() {}

  public static void step(Parameters p, Map<ParamGroup, Float> lr) {
    try (NDScope scope = new NDScope()) {
      for (Map.Entry<String, NDArray> e : p.arrays().entrySet()) {
        float rate = lr.getOrDefault(ParamGroup.of(e.getKey()), 0f);
        NDArray w = e.getValue();
        if (rate != 0f && w.hasGradient()) {
          NDArray g = w.getGradient();
          float norm = g.norm().getFloat();
          if (Float.isFinite(norm)) {
            w.subi(g.mul(rate * Math.min(1f, MAX_NORM / (norm + 1e-6f))));
          }
        }
      }
    }
    p.zeroGradients();
  }
}
