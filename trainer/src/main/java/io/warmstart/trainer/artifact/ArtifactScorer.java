package io.warmstart.trainer.artifact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serving-side scorer for an adapted artifact: no training code, only DJL. Item vectors and the
 * prior are computed once at load; a request pools the context and does one matrix-vector product.
 * Scores are served as {@link Blend} says: the model, popularity (the support counts), or both.
 */
public final class ArtifactScorer implements AutoCloseable {
  private final NDManager manager;
  private final ModelArtifact artifact;
  private final ModelConfig config;
  private final Map<String, Integer> index = new HashMap<>();
  private final NDArray itemVectors;
  private final NDArray prior;

  private ArtifactScorer(NDManager manager, ModelArtifact artifact) {
    this.manager = manager;
    this.artifact = artifact;
    this.config = artifact.config();
    TenantItems items = artifact.items();
    if (items == null) {
      throw new IllegalArgumentException("a meta-init has no catalogue: adapt it to a tenant first");
    }
    for (int i = 0; i < items.ids().size(); i++) {
      index.put(items.ids().get(i), i);
    }
    int[] all = java.util.stream.IntStream.range(0, items.ids().size()).toArray();
    ItemBatch batch = ItemBatch.of(manager, all, items.tokens(), items.features(), config);
    this.itemVectors = ScoringFunction.itemVectors(artifact.parameters(), batch);
    this.prior = ScoringFunction.prior(artifact.parameters(), batch);
  }

  public static ArtifactScorer load(Path file) throws IOException {
    NDManager manager = NDManager.newBaseManager();
    try {
      return new ArtifactScorer(manager, ModelArtifact.read(file, manager));
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  public ModelArtifact artifact() {
    return artifact;
  }

  /** Served scores of every catalogue item (artifact order) for a context of item ids, oldest first. */
  public float[] score(List<String> contextItemIds) {
    int n = artifact.items().ids().size();
    double lambda = Blend.servedBy(artifact.metadata());
    float[] counts = new float[n];
    for (int i = 0; i < n; i++) {
      counts[i] = artifact.items().counts()[i];
    }
    if (lambda == 0) {
      float[] s = new float[n];
      for (int i = 0; i < n; i++) {
        s[i] = Blend.score(counts[i], 0f, 0);
      }
      return s;
    }
    int[] ctx = contextItemIds.stream().mapToInt(id -> index.getOrDefault(id, -1)).toArray();
    // NDScope frees every temporary of the request, whichever manager created it.
    try (NDScope scope = new NDScope();
        NDManager request = manager.newSubManager()) {
      ContextBatch c = ContextBatch.of(request, List.of(ctx), config.maxContext(), n);
      NDArray padded = ScoringFunction.withPadRow(itemVectors);
      padded.attach(request);
      NDArray users = ScoringFunction.userVectors(
          artifact.parameters(), ScoringFunction.lookup(padded, c.indices()), c.weights());
      float[] s = ScoringFunction.scores(artifact.parameters(), users, itemVectors, prior).toFloatArray();
      NDArray coocWeight = artifact.parameters().get(ScoringFunction.COOC_WEIGHT);
      if (coocWeight != null && artifact.items().neighbours() != null) {
        float w = coocWeight.toFloatArray()[0];
        artifact.items().neighbours().around(ctx, config.maxContext()).forEach((i, count) -> s[i] += w * CoNeighbours.feature(count));
      }
      Blend.into(counts, s, lambda);
      return s;
    }
  }

  /** The top-k item ids for a context, excluding the context itself; ties go to popularity. */
  public List<String> recommend(List<String> contextItemIds, int k) {
    float[] s = score(contextItemIds);
    Set<String> exclude = new HashSet<>(contextItemIds);
    int[] counts = artifact.items().counts();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      if (!exclude.contains(artifact.items().ids().get(i))) {
        order.add(i);
      }
    }
    order.sort((a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : counts[a] != counts[b] ? Integer.compare(counts[b], counts[a]) : Integer.compare(a, b));
    return order.stream().limit(k).map(i -> artifact.items().ids().get(i)).toList();
  }

  @Override
  public void close() {
    manager.close();
  }
}
