package io.warmstart.trainer.artifact;

/**
 * Id-free popularity and recency signals per item, computed from a tenant's event stream (item
 * indices in time order). Every feature is scaled to [0, 1] relative to the tenant itself, so "what
 * is hot here" means the same in a tenant of 300 events and one of 300,000 and can transfer.
 */
public final class ItemFeatures {
  public static final String[] NAMES = {
    "seen", "log_count_rel", "pop_percentile", "log_recent_rel", "last_seen", "first_seen",
    "log_count_abs", "has_content"
  };
  public static final int COUNT = NAMES.length;
  /** The recent window is the last 20% of the stream. */
  static final double RECENT_FRACTION = 0.2;

  private ItemFeatures() {}

  public static float[][] compute(int[] items, int numItems, int[][] tokens) {
    int n = items.length;
    int[] count = new int[numItems];
    int[] recent = new int[numItems];
    int[] first = new int[numItems];
    int[] last = new int[numItems];
    java.util.Arrays.fill(first, -1);
    int recentFrom = (int) Math.floor((1 - RECENT_FRACTION) * n);
    for (int k = 0; k < n; k++) {
      int i = items[k];
      count[i]++;
      if (k >= recentFrom) {
        recent[i]++;
      }
      if (first[i] < 0) {
        first[i] = k;
      }
      last[i] = k;
    }
    int maxCount = 1;
    int maxRecent = 1;
    int seen = 0;
    for (int i = 0; i < numItems; i++) {
      maxCount = Math.max(maxCount, count[i]);
      maxRecent = Math.max(maxRecent, recent[i]);
      seen += count[i] > 0 ? 1 : 0;
    }
    float[] percentile = percentiles(count, seen);
    float[][] f = new float[numItems][COUNT];
    for (int i = 0; i < numItems; i++) {
      boolean s = count[i] > 0;
      f[i][0] = s ? 1 : 0;
      f[i][1] = (float) (Math.log1p(count[i]) / Math.log1p(maxCount));
      f[i][2] = percentile[i];
      f[i][3] = (float) (Math.log1p(recent[i]) / Math.log1p(maxRecent));
      f[i][4] = s ? (float) (last[i] + 1) / n : 0;
      f[i][5] = s ? (float) (first[i] + 1) / n : 0;
      f[i][6] = (float) (Math.log1p(count[i]) / Math.log1p(Math.max(n, 1)));
      f[i][7] = tokens[i].length > 0 ? 1 : 0;
    }
    return f;
  }

  /** 1 for the most popular seen item down to ~0 for the least; 0 for unseen items. */
  private static float[] percentiles(int[] count, int seen) {
    Integer[] order = new Integer[count.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Integer.compare(count[b], count[a]));
    float[] p = new float[count.length];
    for (int r = 0; r < seen; r++) {
      p[order[r]] = 1f - (float) r / seen;
    }
    return p;
  }
}
