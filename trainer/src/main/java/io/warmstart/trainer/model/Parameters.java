package io.warmstart.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.artifact.ScoringFunction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The model's parameters as named tensors on one manager. Plain named tensors (rather than a DJL
 * Block) make the meta-learning operations direct: snapshot, interpolate (Reptile), apply outside
 * gradients (FOMAML), and per-group learning rates (Meta-SGD).
 */
public final class Parameters implements AutoCloseable {
  private final NDManager manager;
  private final Map<String, NDArray> arrays;

  private Parameters(NDManager manager, Map<String, NDArray> arrays) {
    this.manager = manager;
    this.arrays = arrays;
  }

  /** Fresh shared parameters (no residual), seeded. */
  public static Parameters init(NDManager parent, ModelConfig cfg, long seed) {
    NDManager m = parent.newSubManager();
    Random r = new Random(seed);
    Map<String, NDArray> a = new LinkedHashMap<>();
    int d = cfg.dim();
    int f = cfg.features();
    a.put(ScoringFunction.TOKEN, normal(m, r, 0.1f, cfg.hashBuckets(), d));
    a.put(ScoringFunction.FEATURE_PROJECTION, normal(m, r, 0.1f, f, d));
    a.put(ScoringFunction.USER_PROJECTION, m.eye(d));
    a.put(ScoringFunction.PRIOR_W1, normal(m, r, 0.5f, f, cfg.priorHidden()));
    a.put(ScoringFunction.PRIOR_B1, m.zeros(new Shape(cfg.priorHidden())));
    a.put(ScoringFunction.PRIOR_W2, normal(m, r, 0.5f, cfg.priorHidden(), 1));
    a.put(ScoringFunction.SCALE, m.ones(new Shape(1)));
    if (cfg.cooc()) {
      // A mild positive start: co-occurring items are likelier next items; meta-training tunes it.
      a.put(ScoringFunction.COOC_WEIGHT, m.create(new float[] {0.5f}));
    }
    return new Parameters(m, a);
  }

  /**
   * The shape every tensor of an adapted model must have under {@code cfg} with a catalogue of
   * {@code items} (the residual has one more row, for unknown items).
   */
  public static Map<String, Shape> shapes(ModelConfig cfg, long items) {
    Map<String, Shape> out = new LinkedHashMap<>();
    int d = cfg.dim();
    int f = cfg.features();
    int h = cfg.priorHidden();
    out.put(ScoringFunction.TOKEN, new Shape(cfg.hashBuckets(), d));
    out.put(ScoringFunction.FEATURE_PROJECTION, new Shape(f, d));
    out.put(ScoringFunction.RESIDUAL, new Shape(items + 1, d));
    out.put(ScoringFunction.USER_PROJECTION, new Shape(d, d));
    out.put(ScoringFunction.PRIOR_W1, new Shape(f, h));
    out.put(ScoringFunction.PRIOR_B1, new Shape(h));
    out.put(ScoringFunction.PRIOR_W2, new Shape(h, 1));
    out.put(ScoringFunction.SCALE, new Shape(1));
    if (cfg.cooc()) {
      out.put(ScoringFunction.COOC_WEIGHT, new Shape(1));
    }
    return out;
  }

  /**
   * The random init of a model trained from scratch, seeded apart from a meta-training run with
   * the same seed (which starts from {@code init(seed)}).
   */
  public static Parameters scratch(NDManager parent, ModelConfig cfg, long seed) {
    return init(parent, cfg, seed + 7919);
  }

  private static NDArray normal(NDManager m, Random r, float std, int rows, int cols) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextGaussian() * std);
    }
    return m.create(v, new Shape(rows, cols));
  }

  /**
   * A trainable copy for one tenant: shared tensors duplicated, plus a zero residual table with one
   * row per catalogue item and one for unknown items. Zero start means "no id knowledge yet".
   */
  public static Parameters forTenant(NDManager parent, Map<String, NDArray> shared, int numItems) {
    NDManager m = parent.newSubManager();
    Map<String, NDArray> a = new LinkedHashMap<>();
    shared.forEach((k, v) -> {
      if (!k.equals(ScoringFunction.RESIDUAL)) {
        NDArray c = v.duplicate();
        c.attach(m);
        a.put(k, c);
      }
    });
    int d = (int) shared.get(ScoringFunction.TOKEN).getShape().get(1);
    a.put(ScoringFunction.RESIDUAL, m.zeros(new Shape(numItems + 1, d)));
    a.values().forEach(v -> v.setRequiresGradient(true));
    return new Parameters(m, a);
  }

  /**
   * An adapted model's parameters carried over to another catalogue (for scoring, no gradients):
   * shared tensors copied as they are, residual rows moved by item. Row {@code i} of the new residual
   * table is the old row {@code oldRow[i]}, or zero where that is negative (an item the model did
   * not know); the unknown-item row (last) is kept. Old rows no new item maps to are dropped.
   *
   * @param adapted shared tensors and a residual table of {@code oldItems + 1} rows
   * @param oldRow for each item of the new catalogue, its row in {@code adapted}'s residual, or -1
   */
  public static Parameters remapped(NDManager parent, Map<String, NDArray> adapted, int[] oldRow) {
    NDArray old = adapted.get(ScoringFunction.RESIDUAL);
    int oldItems = (int) old.getShape().get(0) - 1;
    int d = (int) old.getShape().get(1);
    float[] from = old.toFloatArray();
    float[] to = new float[(oldRow.length + 1) * d];
    for (int i = 0; i < oldRow.length; i++) {
      if (oldRow[i] >= 0) {
        if (oldRow[i] >= oldItems) {
          throw new IllegalArgumentException("row " + oldRow[i] + " is outside the " + oldItems + " item rows");
        }
        System.arraycopy(from, oldRow[i] * d, to, i * d, d);
      }
    }
    System.arraycopy(from, oldItems * d, to, oldRow.length * d, d);
    NDManager m = parent.newSubManager();
    Map<String, NDArray> a = new LinkedHashMap<>();
    adapted.forEach((k, v) -> {
      if (!k.equals(ScoringFunction.RESIDUAL)) {
        NDArray c = v.duplicate();
        c.attach(m);
        a.put(k, c);
      }
    });
    a.put(ScoringFunction.RESIDUAL, m.create(to, new Shape(oldRow.length + 1, d)));
    return new Parameters(m, a);
  }

  /** Shared tensors only: what a meta-init stores. */
  public Map<String, NDArray> shared() {
    Map<String, NDArray> s = new LinkedHashMap<>(arrays);
    s.remove(ScoringFunction.RESIDUAL);
    return s;
  }

  public Map<String, NDArray> arrays() {
    return arrays;
  }

  public NDArray get(String name) {
    return arrays.get(name);
  }

  public NDManager manager() {
    return manager;
  }

  /** Copies of all tensors on this manager (caller closes them via {@link #restore} or close). */
  public Map<String, NDArray> snapshot() {
    Map<String, NDArray> s = new LinkedHashMap<>();
    arrays.forEach((k, v) -> {
      NDArray c = v.duplicate();
      c.attach(manager);
      s.put(k, c);
    });
    return s;
  }

  /** In-place restore, so tensors keep their identity and gradient flags. */
  public void restore(Map<String, NDArray> snapshot) {
    snapshot.forEach((k, v) -> arrays.get(k).set(new NDIndex(":"), v));
  }

  public void zeroGradients() {
    for (NDArray a : arrays.values()) {
      if (a.hasGradient()) {
        JniUtils.zeroGrad((PtNDArray) a);
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
