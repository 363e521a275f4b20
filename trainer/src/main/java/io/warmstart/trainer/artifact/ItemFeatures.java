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
  /** With {@link ModelConfig#horizons()}: counts decayed by position, half-lives N/8, N/4, N/2. */
  public static final String[] HORIZON_NAMES = {"log_decayed_n8_rel", "log_decayed_n4_rel", "log_decayed_n2_rel"};
  static final double[] HORIZONS = {1.0 / 8, 1.0 / 4, 1.0 / 2};

  /** The recent window is the last 20% of the stream. */
  static final double RECENT_FRACTION = 0.2;

  private ItemFeatures() {}

  public static int count(ModelConfig cfg) {
    return NAMES.length + (cfg.horizons() ? HORIZON_NAMES.length : 0);
  }

  /** The features of every catalogue item given the events seen so far (time order). */
  public static float[][] compute(int[] items, int numItems, int[][] tokens, ModelConfig cfg) {
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
    float[][] f = new float[numItems][count(cfg)];
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
    if (cfg.horizons()) {
      addHorizons(items, f, NAMES.length);
    }
    return f;
  }

  /** log(1 + decayed count) / log(1 + the largest), each event weighing 0.5^(events after it / half-life). */
  private static void addHorizons(int[] items, float[][] f, int column) {
    int n = items.length;
    double[] decayed = new double[f.length];
    for (int h = 0; h < HORIZONS.length; h++) {
      // Walking back from the newest event, each step multiplies the weight by the same factor.
      double factor = Math.pow(0.5, 1 / Math.max(1, HORIZONS[h] * n));
      double weight = 1;
      double max = 0;
      for (int k = n - 1; k >= 0; k--, weight *= factor) {
        max = Math.max(max, decayed[items[k]] += weight);
      }
      double norm = max > 0 ? Math.log1p(max) : 1;
      for (int k = 0; k < n; k++) {
        int i = items[k];
        if (decayed[i] > 0) {
          f[i][column + h] = (float) (Math.log1p(decayed[i]) / norm);
          decayed[i] = 0;
        }
      }
    }
  }

  /** 1 for the most popular seen item down to ~0 for the least; 0 for unseen items. */
  private static float[] percentiles(int[] count, int seen) {
    // Sort keys: count descending, then index ascending, packed so a primitive sort does it.
    long[] keys = new long[seen];
    int k = 0;
    for (int i = 0; i < count.length; i++) {
      if (count[i] > 0) {
        keys[k++] = ((long) (Integer.MAX_VALUE - count[i]) << 32) | i;
      }
    }
    java.util.Arrays.sort(keys);
    float[] p = new float[count.length];
    for (int r = 0; r < seen; r++) {
      p[(int) keys[r]] = 1f - (float) r / seen;
    }
    return p;
  }
}
