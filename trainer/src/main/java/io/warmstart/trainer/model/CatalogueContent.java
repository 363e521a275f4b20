package io.warmstart.trainer.model;

import io.warmstart.trainer.artifact.ItemTokens;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.ItemContent;

/** What the model reads of a catalogue's content, computed once per catalogue: each item's content token ids. */
public record CatalogueContent(int[][] tokens) {

  public static CatalogueContent of(Catalogue catalogue, ModelConfig cfg) {
    int[][] tokens = new int[catalogue.size()][];
    for (int i = 0; i < tokens.length; i++) {
      ItemContent c = catalogue.content().get(i);
      tokens[i] = ItemTokens.tokenIds(c.title(), c.categories(), c.tags(), cfg);
    }
    return new CatalogueContent(tokens);
  }

  public int size() {
    return tokens.length;
  }
}
