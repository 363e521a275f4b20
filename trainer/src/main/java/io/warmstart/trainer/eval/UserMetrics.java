package io.warmstart.trainer.eval;

/** Sums of per-user metrics for one group of users (all, returning, or new). */
public final class UserMetrics {
  private int users;
  private double ndcg;
  private double recall;
  private double hits;

  void add(double ndcg10, double recall20, double hr10) {
    users++;
    ndcg += ndcg10;
    recall += recall20;
    hits += hr10;
  }

  public int users() {
    return users;
  }

  public double ndcg() {
    return users == 0 ? Double.NaN : ndcg / users;
  }

  public double recall() {
    return users == 0 ? Double.NaN : recall / users;
  }

  public double hitRate() {
    return users == 0 ? Double.NaN : hits / users;
  }
}
