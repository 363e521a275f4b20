package io.warmstart.trainer.artifact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * An adapted model reduced to plain Java arrays for per-request scoring: DJL runs once, in
 * {@link #of}, to compute every item vector and prior (the same {@link ScoringFunction} calls as
 * {@link ArtifactScorer}); a request then pools its context and does one pass over the n x d
 * item matrix, with no native memory, no engine and no locks. Immutable, so one instance can
 * serve any number of threads.
 *
 * <p>Memory: about {@code 4 * n * (d + 2)} bytes plus the id index (d = 32: ~14 MB for 100k items).
 */
public final class ServingModel {
  // Items per DJL batch when computing vectors: the token lookup is [batch, tokens, d] floats, and
  // the whole catalogue at once would be hundreds of MB of native memory for 100k items.
  private static final int CHUNK = 4096;

  private final List<String> itemIds;
  private final Map<String, Integer> rows;
  private final int[] counts;
  private final float[] countScores;
  private final double lambda;
  private final int dim;
  private final int maxContext;
  private final float[] itemVectors; // row-major [n, d]
  private final float[] prior; // [n]
  private final float[] userProjection; // row-major [d, d]
  private final float scale;
  private final CoNeighbours neighbours;
  private final float coocWeight;

  private ServingModel(ModelArtifact artifact, float[] itemVectors, float[] prior) {
    TenantItems items = artifact.items();
    this.itemIds = List.copyOf(items.ids());
    this.rows = new HashMap<>(itemIds.size() * 2);
    for (int i = 0; i < itemIds.size(); i++) {
      rows.put(itemIds.get(i), i);
    }
    this.counts = items.counts().clone();
    this.countScores = new float[counts.length];
    for (int i = 0; i < counts.length; i++) {
      countScores[i] = counts[i];
    }
    this.lambda = Blend.servedBy(artifact.metadata());
    ModelConfig cfg = artifact.config();
    this.dim = cfg.dim();
    this.maxContext = cfg.maxContext();
    this.itemVectors = itemVectors;
    this.prior = prior;
    this.userProjection = artifact.parameters().get(ScoringFunction.USER_PROJECTION).toFloatArray();
    this.scale = artifact.parameters().get(ScoringFunction.SCALE).toFloatArray()[0];
    ai.djl.ndarray.NDArray w = artifact.parameters().get(ScoringFunction.COOC_WEIGHT);
    this.neighbours = w == null ? null : items.neighbours();
    this.coocWeight = w == null ? 0f : w.toFloatArray()[0];
  }

  /** Computes everything once; the artifact (and its manager) is not retained. */
  public static ServingModel of(ModelArtifact adapted) {
    TenantItems items = adapted.items();
    if (items == null) {
      throw new IllegalArgumentException("a meta-init has no catalogue: adapt it to a tenant first");
    }
    ModelConfig cfg = adapted.config();
    int n = items.ids().size();
    int d = cfg.dim();
    float[] vectors = new float[n * d];
    float[] prior = new float[n];
    NDManager owner = adapted.parameters().get(ScoringFunction.TOKEN).getManager();
    for (int from = 0; from < n; from += CHUNK) {
      int to = Math.min(n, from + CHUNK);
      // NDScope frees every temporary, whichever manager the engine attached it to.
      try (NDScope scope = new NDScope();
          NDManager batchManager = owner.newSubManager()) {
        ItemBatch batch = ItemBatch.of(batchManager, IntStream.range(from, to).toArray(), items.tokens(), items.features(), cfg);
        NDArray v = ScoringFunction.itemVectors(adapted.parameters(), batch);
        NDArray p = ScoringFunction.prior(adapted.parameters(), batch);
        System.arraycopy(v.toFloatArray(), 0, vectors, from * d, (to - from) * d);
        System.arraycopy(p.toFloatArray(), 0, prior, from, to - from);
      }
    }
    return new ServingModel(adapted, vectors, prior);
  }

  /** Reads an adapted artifact's bytes and reduces it; native memory is released before returning. */
  public static ServingModel read(byte[] zip) throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      return of(ModelArtifact.read(zip, manager));
    }
  }

  /** Item ids in row order (the artifact's catalogue order, sorted by id). */
  public List<String> itemIds() {
    return itemIds;
  }

  /** The row of an item id, or -1 when the model does not know it. */
  public int rowOf(String itemId) {
    Integer r = rows.get(itemId);
    return r == null ? -1 : r;
  }

  public int size() {
    return itemIds.size();
  }

  /** True when the artifact serves popularity alone (its guard fired, or its blend weight is 0). */
  public boolean guarded() {
    return lambda == 0;
  }

  /** How popularity and the model are blended when served ({@link Blend}). */
  public double lambda() {
    return lambda;
  }

  /** Support count of each row (a copy): the popularity fallback and tie-break. */
  public int[] counts() {
    return counts.clone();
  }

  /** How many of the most recent context items the user vector pools. */
  public int maxContext() {
    return maxContext;
  }

  /** A score per row for a context of rows, oldest first; rows outside [0, size) are ignored. */
  public float[] score(int[] contextRows) {
    return scoreInto(contextRows, new float[size()]);
  }

  /** As {@link #score}, writing into {@code out} (length {@link #size()}) to spare the allocation. */
  public float[] scoreInto(int[] contextRows, float[] out) {
    return scoreInto(contextRows, countScores, out);
  }

  /**
   * The served score of every row: the model blended ({@link Blend}) with the given popularity per
   * row, e.g. the live popularity of a serving snapshot rather than the support counts.
   */
  public float[] scoreInto(int[] contextRows, float[] popularity, float[] out) {
    int n = size();
    if (out.length != n || popularity.length != n) {
      throw new IllegalArgumentException("out has " + out.length + " and popularity " + popularity.length + " slots for " + n + " items");
    }
    if (lambda == 0) {
      for (int i = 0; i < n; i++) {
        out[i] = Blend.score(popularity[i], 0f, 0);
      }
      return out;
    }
    float[] user = userVector(contextRows);
    int d = dim;
    float[] v = itemVectors;
    // One pass over the n x d matrix; it is memory-bound (~1 ms for 100k items at d = 32), so
    // four-way unrolling measured no faster than this plain loop.
    for (int i = 0, base = 0; i < n; i++, base += d) {
      float acc = 0f;
      for (int j = 0; j < d; j++) {
        acc += user[j] * v[base + j];
      }
      out[i] = acc + prior[i];
    }
    if (neighbours != null) {
      neighbours.around(contextRows, maxContext).forEach((i, c) -> out[i] += coocWeight * CoNeighbours.feature(c));
    }
    Blend.into(popularity, out, lambda);
    return out;
  }

  /**
   * How many numbers a row has in an inner-product index of this model ({@link #indexVector}): the
   * item vector and the prior.
   */
  public int indexDimensions() {
    return dim + 1;
  }

  /**
   * A row as an inner-product index holds it, {@code [v(i), prior(i)]}: its inner product with
   * {@link #indexQuery} is the model's score of the row without the co-occurrence term.
   */
  public float[] indexVector(int row) {
    float[] vector = new float[dim + 1];
    System.arraycopy(itemVectors, row * dim, vector, 0, dim);
    vector[dim] = prior[row];
    return vector;
  }

  /** A context as an inner-product index is queried with: {@code [scale * g(u), 1]}. */
  public float[] indexQuery(int[] contextRows) {
    float[] query = Arrays.copyOf(userVector(contextRows), dim + 1);
    query[dim] = 1f;
    return query;
  }

  /** The rows the co-occurrence term raises for a context, with their summed counts (empty without it). */
  public Map<Integer, Float> coNeighbours(int[] contextRows) {
    return neighbours == null ? Map.of() : neighbours.around(contextRows, maxContext);
  }

  /**
   * The served score of some rows only, exactly as {@link #scoreInto(int[], float[], float[])}
   * gives them: {@code rows[0..count)} are scored into {@code out[0..count)}. {@code query} is
   * {@link #indexQuery} of the context and {@code neighbours} its {@link #coNeighbours}.
   */
  public void scoreRows(float[] query, Map<Integer, Float> neighbours, int[] rows, int count, float[] popularity, float[] out) {
    int d = dim;
    for (int k = 0; k < count; k++) {
      int row = rows[k];
      float model;
      if (lambda == 0) {
        model = 0f;
      } else {
        float acc = 0f;
        for (int j = 0, base = row * d; j < d; j++) {
          acc += query[j] * itemVectors[base + j];
        }
        model = acc + prior[row];
        Float cooc = neighbours.get(row);
        if (cooc != null) {
          model += coocWeight * CoNeighbours.feature(cooc);
        }
      }
      out[k] = Blend.score(popularity[row], model, lambda);
    }
  }

  /**
   * The k best rows for a context, best first, excluding the context's own rows; ties go to the
   * more popular row, then the lower row (the order {@link ArtifactScorer#recommend} uses).
   */
  public int[] recommend(int[] contextRows, int k) {
    float[] s = score(contextRows);
    boolean[] excluded = new boolean[s.length];
    for (int r : contextRows) {
      if (r >= 0 && r < s.length) {
        excluded[r] = true;
      }
    }
    int[] best = new int[Math.min(k, s.length)];
    int size = 0;
    for (int i = 0; i < s.length && best.length > 0; i++) {
      if (excluded[i] || (size == best.length && !better(i, best[size - 1], s))) {
        continue;
      }
      int pos = size < best.length ? size++ : size - 1;
      while (pos > 0 && better(i, best[pos - 1], s)) {
        best[pos] = best[pos - 1];
        pos--;
      }
      best[pos] = i;
    }
    return Arrays.copyOf(best, size);
  }

  private boolean better(int a, int b, float[] s) {
    float sa = Float.isNaN(s[a]) ? Float.NEGATIVE_INFINITY : s[a];
    float sb = Float.isNaN(s[b]) ? Float.NEGATIVE_INFINITY : s[b];
    if (sa != sb) {
      return sa > sb;
    }
    return counts[a] != counts[b] ? counts[a] > counts[b] : a < b;
  }

  /**
   * scale * g(u): the mean of the last {@code maxContext} valid context rows' vectors, times the
   * user projection (as {@link ContextBatch} and {@link ScoringFunction#userVectors}); zero for an
   * empty context, so scores fall back to the prior.
   */
  private float[] userVector(int[] contextRows) {
    int n = size();
    int d = dim;
    int used = 0;
    for (int k = contextRows.length - 1; k >= 0 && used < maxContext; k--) {
      if (contextRows[k] >= 0 && contextRows[k] < n) {
        used++;
      }
    }
    float[] user = new float[d];
    if (used == 0) {
      return user;
    }
    float w = 1f / used;
    float[] pooled = new float[d];
    int taken = 0;
    for (int k = contextRows.length - 1; k >= 0 && taken < used; k--) {
      int r = contextRows[k];
      if (r >= 0 && r < n) {
        taken++;
        for (int j = 0, base = r * d; j < d; j++) {
          pooled[j] += w * itemVectors[base + j];
        }
      }
    }
    for (int a = 0; a < d; a++) {
      float p = pooled[a];
      for (int j = 0, base = a * d; j < d; j++) {
        user[j] += p * userProjection[base + j];
      }
    }
    for (int j = 0; j < d; j++) {
      user[j] *= scale;
    }
    return user;
  }
}
