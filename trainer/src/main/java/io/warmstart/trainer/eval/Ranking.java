package io.warmstart.trainer.eval;

import io.warmstart.trainer.split.Events;
import java.util.Arrays;

/**
 * Turns scores into a top-k list with the protocol's fallback: items are ordered by score, then
 * (for ties and unscorable items) by support popularity, then by item id (= index).
 */
public final class Ranking {
  private final int[] fallbackRank;

  private Ranking(int[] fallbackRank) {
    this.fallbackRank = fallbackRank;
  }

  public static Ranking fromSupport(Events support, int numItems) {
    int[] count = new int[numItems];
    for (int i : support.items()) {
      count[i]++;
    }
    Integer[] order = new Integer[numItems];
    for (int i = 0; i < numItems; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> count[a] != count[b] ? Integer.compare(count[b], count[a]) : Integer.compare(a, b));
    int[] rank = new int[numItems];
    for (int r = 0; r < numItems; r++) {
      rank[order[r]] = r;
    }
    return new Ranking(rank);
  }

  /** Top-k items by score (NaN last), excluding {@code excluded}; ties by fallback rank. */
  public int[] topK(float[] scores, int[] excluded, int k) {
    boolean[] skip = new boolean[scores.length];
    for (int e : excluded) {
      skip[e] = true;
    }
    int[] best = new int[k];
    int size = 0;
    for (int i = 0; i < scores.length; i++) {
      if (skip[i]) {
        continue;
      }
      if (size < k) {
        best[size++] = i;
        siftUp(best, size - 1, scores);
      } else if (better(i, best[size - 1], scores)) {
        best[size - 1] = i;
        siftUp(best, size - 1, scores);
      }
    }
    return Arrays.copyOf(best, size);
  }

  // Insertion into a short sorted array: k is 10-20, cheaper than a heap and keeps order.
  private void siftUp(int[] best, int pos, float[] scores) {
    while (pos > 0 && better(best[pos], best[pos - 1], scores)) {
      int t = best[pos];
      best[pos] = best[pos - 1];
      best[pos - 1] = t;
      pos--;
    }
  }

  private boolean better(int a, int b, float[] s) {
    float sa = Float.isNaN(s[a]) ? Float.NEGATIVE_INFINITY : s[a];
    float sb = Float.isNaN(s[b]) ? Float.NEGATIVE_INFINITY : s[b];
    if (sa != sb) {
      return sa > sb;
    }
    return fallbackRank[a] < fallbackRank[b];
  }
}
