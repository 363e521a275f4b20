package io.warmstart.platform.experiment;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A simulated audience for experiments, documented in docs/experiments.md ("The click model").
 *
 * <ul>
 *   <li><b>Requests.</b> Each request brings a fresh pool of {@link #POOL} candidate items whose
 *       attractiveness (the probability of a click once examined) is Beta(1, 9): mean 0.1, most
 *       items dull, a few very attractive.
 *   <li><b>Rankers.</b> A ranker sees each item's attractiveness through Gaussian noise of its own
 *       standard deviation and shows the {@link #LIST} best by that view. Less noise, better ranker.
 *   <li><b>Position bias.</b> The user examines rank k (1-based) with probability 1/k.
 *   <li><b>Users differ in how much they click.</b> Each user has a propensity drawn from
 *       Gamma(shape 0.5, mean 1) that multiplies every click probability (capped at 1): most users
 *       click rarely, a few click a lot. Requests come from a population of users that each
 *       make {@link #REQUESTS_PER_USER} requests on average, so a user's lists are correlated.
 * </ul>
 */
public final class ClickModel {

  public static final int POOL = 40;
  public static final int LIST = 10;
  public static final int REQUESTS_PER_USER = 10;

  private final SplittableRandom random;
  private final double[] attractiveness = new double[POOL];

  public ClickModel(long seed) {
    random = new SplittableRandom(seed);
  }

  /** A new request: draws the candidate pool. */
  public void nextRequest() {
    for (int i = 0; i < POOL; i++) {
      attractiveness[i] = beta1and9();
    }
  }

  /** The list a ranker with this noise shows for the current request: item indexes, best first. */
  public int[] rank(double noise) {
    double[] view = new double[POOL];
    Integer[] order = new Integer[POOL];
    for (int i = 0; i < POOL; i++) {
      view[i] = attractiveness[i] + noise * gaussian();
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(view[b], view[a]));
    int[] list = new int[LIST];
    for (int k = 0; k < LIST; k++) {
      list[k] = order[k];
    }
    return list;
  }

  /** Which positions of a shown list the user clicks. */
  public boolean[] clicks(int[] shown, double propensity) {
    boolean[] clicked = new boolean[shown.length];
    for (int k = 0; k < shown.length; k++) {
      double p = Math.min(1, propensity * attractiveness[shown[k]] / (k + 1));
      clicked[k] = random.nextDouble() < p;
    }
    return clicked;
  }

  /** A user's click propensity: Gamma(0.5, scale 2), mean 1. */
  public double propensity() {
    // Gamma(1/2, 2) is a chi-square with one degree of freedom: the square of a standard normal.
    double z = gaussian();
    return z * z;
  }

  public SplittableRandom random() {
    return random;
  }

  /**
   * Expected click-through (lists with at least one click) of a ranker over requests and users,
   * exact given each drawn request and user (no click sampling), for calibrating the rankers' noise.
   * The same seed gives the same requests and users, so two rankers compare on common draws.
   */
  public static double expectedListClickRate(double noise, int requests, long seed) {
    ClickModel model = new ClickModel(seed);
    double total = 0;
    for (int r = 0; r < requests; r++) {
      model.nextRequest();
      double propensity = model.propensity();
      int[] list = model.rank(noise);
      double noClick = 1;
      for (int k = 0; k < list.length; k++) {
        noClick *= 1 - Math.min(1, propensity * model.attractiveness[list[k]] / (k + 1));
      }
      total += 1 - noClick;
    }
    return total / requests;
  }

  private double beta1and9() {
    // Beta(1, b) by inversion: 1 - U^(1/b).
    return 1 - Math.pow(random.nextDouble(), 1.0 / 9);
  }

  private double gaussian() {
    double u = random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }
}
