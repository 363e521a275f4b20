package io.warmstart.trainer.eval;

import java.util.HashSet;
import java.util.Set;

/** Ranking metrics with binary relevance, all in one place. */
public final class Metrics {
  private Metrics() {}

  private static final double[] DISCOUNT = new double[101];

  static {
    for (int r = 1; r < DISCOUNT.length; r++) {
      DISCOUNT[r] = 1.0 / (Math.log(r + 1) / Math.log(2));
    }
  }

  private static Set<Integer> set(int[] targets) {
    Set<Integer> s = new HashSet<>();
    for (int t : targets) {
      s.add(t);
    }
    return s;
  }

  /** NDCG@k: DCG of the list over the DCG of an ideal list of min(k, |targets|) hits. */
  public static double ndcg(int[] ranked, int[] targets, int k) {
    Set<Integer> t = set(targets);
    double dcg = 0;
    for (int r = 0; r < Math.min(k, ranked.length); r++) {
      if (t.contains(ranked[r])) {
        dcg += DISCOUNT[r + 1];
      }
    }
    double idcg = 0;
    for (int r = 1; r <= Math.min(k, t.size()); r++) {
      idcg += DISCOUNT[r];
    }
    return idcg == 0 ? 0 : dcg / idcg;
  }

  /** Recall@k = hits in the top k / number of targets. */
  public static double recall(int[] ranked, int[] targets, int k) {
    Set<Integer> t = set(targets);
    return t.isEmpty() ? 0 : (double) hits(ranked, t, k) / t.size();
  }

  /** HR@k = 1 when any target is in the top k. */
  public static double hitRate(int[] ranked, int[] targets, int k) {
    return hits(ranked, set(targets), k) > 0 ? 1 : 0;
  }

  private static int hits(int[] ranked, Set<Integer> t, int k) {
    int h = 0;
    for (int r = 0; r < Math.min(k, ranked.length); r++) {
      if (t.contains(ranked[r])) {
        h++;
      }
    }
    return h;
  }

  /** Expected NDCG@k of a uniformly random ranking of n candidates with t relevant ones. */
  public static double expectedRandomNdcg(int n, int t, int k) {
    double p = (double) t / n;
    double dcg = 0;
    double idcg = 0;
    for (int r = 1; r <= k; r++) {
      dcg += p * DISCOUNT[r];
      if (r <= t) {
        idcg += DISCOUNT[r];
      }
    }
    return dcg / idcg;
  }
}
