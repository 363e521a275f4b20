package io.warmstart.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.warmstart.trainer.artifact.CoNeighbours;
import io.warmstart.trainer.artifact.ContextBatch;
import io.warmstart.trainer.artifact.ItemBatch;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.artifact.ScoringFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Loss and scoring of the id-free model (math in {@link ScoringFunction}).
 *
 * <p>The loss is a sampled softmax: each example's next item against {@code negatives} items drawn
 * uniformly from the whole catalogue (shared by the batch). Uniform sampling keeps the estimate
 * unbiased up to a constant, so the popularity prior is learned, not cancelled out as in-batch
 * (popularity-sampled) negatives would do.
 */
public final class NeuralModel {
  public static final int BATCH = 128;
  public static final int NEGATIVES = 128;
  private static final int SCORE_CHUNK = 4096;

  private NeuralModel() {}

  /**
   * One forward/backward pass; gradients are left on {@code p}'s tensors (accumulated: callers
   * zero them after their update). Temporaries are freed by the caller's {@link NDScope}.
   *
   * @return the loss value
   */
  public static float backward(Parameters p, TrainingData data, Random r, ModelConfig cfg) {
    int k = data.pick(r);
    // DJL allows one GradientCollector per process, but PyTorch records graphs per thread: tasks
    // that train on several threads at once (evaluation of many tenants) switch recording on for
    // their own thread and backpropagate with the engine's call, as the collector itself does.
    JniUtils.setGradMode(true);
    try {
      NDArray loss = loss(p, data.inputs().get(k), data.examples().get(k), r, cfg);
      JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
      return loss.getFloat();
    } finally {
      JniUtils.setGradMode(false);
    }
  }

  /** Loss without gradients, for validation. */
  public static float evalLoss(Parameters p, TenantInputs in, Examples ex, Random r, ModelConfig cfg) {
    try (NDScope scope = new NDScope()) {
      return loss(p, in, ex, r, cfg).getFloat();
    }
  }

  static NDArray loss(Parameters p, TenantInputs in, Examples ex, Random r, ModelConfig cfg) {
    int b = Math.min(BATCH, ex.size());
    int[] pick = new int[b];
    for (int k = 0; k < b; k++) {
      pick[k] = ex.size() <= BATCH ? k : r.nextInt(ex.size());
    }
    return sampledLoss(p, in, ex, pick, r, cfg);
  }

  private static NDArray sampledLoss(Parameters p, TenantInputs in, Examples ex, int[] pick, Random r, ModelConfig cfg) {
    NDManager m = p.manager();
    int b = pick.length;
    Map<Integer, Integer> local = new LinkedHashMap<>();
    List<int[]> contexts = new ArrayList<>();
    long[] pos = new long[b];
    for (int k = 0; k < b; k++) {
      int[] c = ex.contexts().get(pick[k]);
      int[] lc = new int[c.length];
      for (int j = 0; j < c.length; j++) {
        lc[j] = local.computeIfAbsent(c[j], x -> local.size());
      }
      contexts.add(lc);
      pos[k] = local.computeIfAbsent(ex.targets()[pick[k]], x -> local.size());
    }
    int nNeg = Math.min(NEGATIVES, in.numItems());
    long[] neg = new long[nNeg];
    int[] negItem = new int[nNeg];
    for (int k = 0; k < nNeg; k++) {
      negItem[k] = r.nextInt(in.numItems());
      neg[k] = local.computeIfAbsent(negItem[k], x -> local.size());
    }
    float[] mask = new float[b * nNeg];
    for (int k = 0; k < b; k++) {
      for (int j = 0; j < nNeg; j++) {
        // A sampled negative that is the positive itself must not count against it.
        mask[k * nNeg + j] = negItem[j] == ex.targets()[pick[k]] ? -1e4f : 0f;
      }
    }
    int[] uniq = local.keySet().stream().mapToInt(Integer::intValue).toArray();
    Map<String, NDArray> w = p.arrays();
    ItemBatch items = ItemBatch.of(m, uniq, in.tokens(), in.features(), cfg);
    NDArray v = ScoringFunction.itemVectors(w, items);
    NDArray prior = ScoringFunction.prior(w, items).reshape(uniq.length, 1);
    ContextBatch ctx = ContextBatch.of(m, contexts, cfg.maxContext(), uniq.length);
    NDArray users = ScoringFunction.userVectors(w, ScoringFunction.lookup(ScoringFunction.withPadRow(v), ctx.indices()), ctx.weights());
    NDArray posIds = m.create(pos);
    NDArray posScore = users.mul(ScoringFunction.lookup(v, posIds)).sum(new int[] {1}).mul(w.get(ScoringFunction.SCALE))
        .add(ScoringFunction.lookup(prior, posIds).squeeze(1));
    NDArray negIds = m.create(neg);
    NDArray negScore = ScoringFunction.scores(w, users, ScoringFunction.lookup(v, negIds), ScoringFunction.lookup(prior, negIds).squeeze(1))
        .add(m.create(mask, new Shape(b, nNeg)));
    NDArray coocWeight = w.get(ScoringFunction.COOC_WEIGHT);
    if (coocWeight != null) {
      float[][] c = coocFeatures(in, ex, pick, negItem, cfg);
      posScore = posScore.add(ScoringFunction.cooc(w, m.create(c[0])));
      negScore = negScore.add(ScoringFunction.cooc(w, m.create(c[1], new Shape(b, nNeg))));
    }
    NDArray logits = NDArrays.concat(new NDList(posScore.expandDims(1), negScore), 1);
    return logits.logSoftmax(1).get(new NDIndex(":, 0")).mean().neg();
  }

  /** log(1 + co-occurrence with the context) of each picked example's target [0] and of each negative [1]. */
  private static float[][] coocFeatures(TenantInputs in, Examples ex, int[] pick, int[] negItem, ModelConfig cfg) {
    float[] pos = new float[pick.length];
    float[] neg = new float[pick.length * negItem.length];
    for (int k = 0; k < pick.length; k++) {
      Map<Integer, Float> around = in.neighbours().around(ex.contexts().get(pick[k]), cfg.maxContext());
      if (around.isEmpty()) {
        continue;
      }
      pos[k] = CoNeighbours.feature(around.getOrDefault(ex.targets()[pick[k]], 0f));
      for (int j = 0; j < negItem.length; j++) {
        neg[k * negItem.length + j] = CoNeighbours.feature(around.getOrDefault(negItem[j], 0f));
      }
    }
    return new float[][] {pos, neg};
  }

  /** Full-catalogue scores for each context (no gradients, temporaries freed). */
  public static float[][] scoreAll(Parameters p, TenantInputs in, List<int[]> contexts, ModelConfig cfg) {
    try (NDScope scope = new NDScope()) {
      NDManager m = p.manager();
      Map<String, NDArray> w = p.arrays();
      int n = in.numItems();
      NDList vs = new NDList();
      NDList priors = new NDList();
      for (int from = 0; from < n; from += SCORE_CHUNK) {
        int[] ids = java.util.stream.IntStream.range(from, Math.min(n, from + SCORE_CHUNK)).toArray();
        ItemBatch items = ItemBatch.of(m, ids, in.tokens(), in.features(), cfg);
        vs.add(ScoringFunction.itemVectors(w, items));
        priors.add(ScoringFunction.prior(w, items));
      }
      NDArray v = NDArrays.concat(vs, 0);
      NDArray prior = NDArrays.concat(priors, 0);
      ContextBatch ctx = ContextBatch.of(m, contexts, cfg.maxContext(), n);
      NDArray users = ScoringFunction.userVectors(w, ScoringFunction.lookup(ScoringFunction.withPadRow(v), ctx.indices()), ctx.weights());
      float[] flat = ScoringFunction.scores(w, users, v, prior).toFloatArray();
      NDArray coocWeight = w.get(ScoringFunction.COOC_WEIGHT);
      float cw = coocWeight == null ? 0f : coocWeight.getFloat();
      float[][] out = new float[contexts.size()][];
      for (int k = 0; k < out.length; k++) {
        out[k] = java.util.Arrays.copyOfRange(flat, k * n, (k + 1) * n);
        if (coocWeight != null) {
          float[] row = out[k];
          in.neighbours().around(contexts.get(k), cfg.maxContext()).forEach((i, c) -> row[i] += cw * CoNeighbours.feature(c));
        }
      }
      return out;
    }
  }
}
