package io.warmstart.platform.recommend;

import java.util.BitSet;

/**
 * Item-to-item scores from co-occurrence in users' histories, normalised like cosine similarity so
 * that very popular items do not dominate: score(j) = sum over users u who had i and j of
 * 1 / sqrt(|users of j|). Computed per request from the snapshot's inverted lists, whose sampling
 * cap bounds the cost.
 */
final class CoOccurrence {

  /** Scores and which items got one. */
  record Scores(float[] values, BitSet scored) {}

  private CoOccurrence() {}

  /** Scores for items similar to the given ones; later items of {@code items} (more recent) weigh more. */
  static Scores around(TenantSnapshot snapshot, int[] items) {
    float[] values = new float[snapshot.itemCount()];
    BitSet scored = new BitSet(snapshot.itemCount());
    for (int position = 0; position < items.length; position++) {
      float recency = (float) (position + 1) / items.length;
      for (int user : snapshot.itemUsers()[items[position]]) {
        for (int other : snapshot.historyOf(snapshot.userIds()[user])) {
          values[other] += recency;
          scored.set(other);
        }
      }
    }
    for (int item = scored.nextSetBit(0); item >= 0; item = scored.nextSetBit(item + 1)) {
      values[item] /= (float) Math.sqrt(Math.max(1, snapshot.itemUsers()[item].length));
    }
    for (int item : items) {
      scored.clear(item);
    }
    return new Scores(values, scored);
  }
}
