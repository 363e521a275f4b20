package io.warmstart.trainer.model;

import io.warmstart.trainer.artifact.ItemFeatures;
import io.warmstart.trainer.artifact.ItemTokens;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.ItemContent;
import io.warmstart.trainer.split.Events;

/**
 * Per-tenant model inputs: content token ids (fixed) and popularity/recency features computed from
 * the events the model is allowed to see at that moment (the support, or its training part).
 */
public record TenantInputs(int numItems, int[][] tokens, float[][] features) {

  public static int[][] tokens(Catalogue catalogue, ModelConfig cfg) {
    int[][] out = new int[catalogue.size()][];
    for (int i = 0; i < out.length; i++) {
      ItemContent c = catalogue.content().get(i);
      out[i] = ItemTokens.tokenIds(c.title(), c.categories(), c.tags(), cfg);
    }
    return out;
  }

  public static TenantInputs of(int[][] tokens, Events seen) {
    return new TenantInputs(tokens.length, tokens, ItemFeatures.compute(seen.items(), tokens.length, tokens));
  }
}
