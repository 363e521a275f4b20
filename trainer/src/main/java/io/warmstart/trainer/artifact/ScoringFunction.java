package io.warmstart.trainer.artifact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.SparseFormat;
import java.util.Map;

/**
 * The model's forward math, shared by training and serving so they cannot drift apart.
 *
 * <pre>
 * v(i)    = mean_t token[t(i)] + f(i) W_f + r[i]             item vector (r: tenant residual)
 * g(u)    = (mean_{j in last K of context} v(j)) W_u          user vector, no user ids
 * s(u, i) = scale * g(u).v(i) + w2' relu(W1' f(i) + b1)       score = match + popularity prior
 *           + coocWeight * log(1 + co(context, i))            (cooc: co-occurrence term)
 * </pre>
 */
public final class ScoringFunction {
  public static final String TOKEN = "token";
  public static final String FEATURE_PROJECTION = "featureProjection";
  public static final String RESIDUAL = "residual";
  public static final String USER_PROJECTION = "userProjection";
  public static final String PRIOR_W1 = "priorW1";
  public static final String PRIOR_B1 = "priorB1";
  public static final String PRIOR_W2 = "priorW2";
  public static final String SCALE = "scale";
  public static final String COOC_WEIGHT = "coocWeight";

  private ScoringFunction() {}

  public static NDArray lookup(NDArray table, NDArray ids) {
    return table.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
  }

  /** [S, d] item vectors. */
  public static NDArray itemVectors(Map<String, NDArray> p, ItemBatch b) {
    NDArray tokens = lookup(p.get(TOKEN), b.tokenIds());
    NDArray content = tokens.mul(b.tokenWeights().expandDims(2)).sum(new int[] {1});
    NDArray features = b.features().matMul(p.get(FEATURE_PROJECTION));
    return content.add(features).add(lookup(p.get(RESIDUAL), b.residualRows()));
  }

  /** [S] popularity/recency prior of each item. */
  public static NDArray prior(Map<String, NDArray> p, ItemBatch b) {
    NDArray h = b.features().matMul(p.get(PRIOR_W1)).add(p.get(PRIOR_B1)).getNDArrayInternal().relu();
    return h.matMul(p.get(PRIOR_W2)).squeeze(1);
  }

  /** The co-occurrence term for features log(1 + co(context, item)) of any shape; null without the term. */
  public static NDArray cooc(Map<String, NDArray> p, NDArray features) {
    NDArray w = p.get(COOC_WEIGHT);
    return w == null ? null : features.mul(w);
  }

  /**
   * [B, d] user vectors from context item vectors [B, K, d] and pooling weights [B, K] (1/count
   * for real items, 0 for padding).
   */
  public static NDArray userVectors(Map<String, NDArray> p, NDArray contextVectors, NDArray weights) {
    NDArray pooled = contextVectors.mul(weights.expandDims(2)).sum(new int[] {1});
    return pooled.matMul(p.get(USER_PROJECTION));
  }

  /** [B, C] scores of C candidate items (vectors [C, d], prior [C]) for B users. */
  public static NDArray scores(Map<String, NDArray> p, NDArray users, NDArray items, NDArray prior) {
    NDArray match = users.matMul(items.transpose()).mul(p.get(SCALE));
    return match.add(prior.expandDims(0));
  }

  /** Appends a zero row so that padding indices (= row count) pool to nothing. */
  public static NDArray withPadRow(NDArray vectors) {
    NDArray zero = vectors.getManager().zeros(new ai.djl.ndarray.types.Shape(1, vectors.getShape().get(1)));
    return NDArrays.concat(new ai.djl.ndarray.NDList(vectors, zero), 0);
  }
}
