package io.warmstart.trainer.model;

import io.warmstart.trainer.artifact.CoNeighbours;
import io.warmstart.trainer.artifact.ItemFeatures;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.split.Events;

/**
 * Per-tenant model inputs: content token ids (fixed), and popularity/recency features and
 * co-occurrence neighbours computed from the events the model is allowed to see at that moment (the
 * support, or its training part).
 */
public record TenantInputs(int numItems, int[][] tokens, float[][] features, CoNeighbours neighbours) {

  public static TenantInputs of(CatalogueContent content, Events seen, ModelConfig cfg) {
    int n = content.size();
    CoNeighbours neighbours = cfg.cooc() ? CoNeighbours.of(seen.users(), seen.items(), n) : CoNeighbours.none(n);
    return new TenantInputs(n, content.tokens(), ItemFeatures.compute(seen.items(), n, content.tokens(), cfg), neighbours);
  }
}
