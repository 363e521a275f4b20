package io.warmstart.platform.experiment;

/**
 * The tests behind an experiment's verdict, two-sided at {@link #ALPHA}.
 *
 * <ul>
 *   <li>Interleaving: a sign test over the lists whose clicks favoured one team (ties left out),
 *       exact below {@value #EXACT_SIGN_TEST_LIMIT} such lists, normal with continuity correction
 *       above (the two agree to a few parts in a thousand there); a Wilson interval on the share
 *       the treatment won.
 *   <li>A/B: click-through per arm is clicked lists over served lists. Users are split, not lists,
 *       and a user's lists are correlated (some users click far more than others), so the variance
 *       of each arm's rate is the cluster-robust one over users (the delta method, Deng et al.
 *       2018). With one list per user it is the textbook unpooled two-proportion test.
 * </ul>
 */
public final class ExperimentStatistics {

  public static final double ALPHA = 0.05;
  static final double Z_95 = 1.959963984540054;
  static final int EXACT_SIGN_TEST_LIMIT = 1000;

  private ExperimentStatistics() {}

  /** Two-sided p-value of {@code wins} out of {@code trials} against a fair coin; 1 without trials. */
  public static double signTest(long wins, long trials) {
    if (trials <= 0) {
      return 1.0;
    }
    long fewer = Math.min(wins, trials - wins);
    if (trials <= EXACT_SIGN_TEST_LIMIT) {
      // P(X <= fewer) for X ~ Binomial(trials, 1/2), from the pmf's recurrence; 2^-1000 is still a double.
      double pmf = Math.pow(0.5, trials);
      double tail = pmf;
      for (long k = 1; k <= fewer; k++) {
        pmf = pmf * (trials - k + 1) / k;
        tail += pmf;
      }
      return Math.min(1.0, 2 * tail);
    }
    double z = (Math.abs(wins - trials / 2.0) - 0.5) / Math.sqrt(trials / 4.0);
    return Math.min(1.0, 2 * upperNormalTail(Math.max(0, z)));
  }

  /** Wilson's 95% interval for a proportion; null without trials. */
  public static double[] wilson(long successes, long trials) {
    if (trials <= 0) {
      return null;
    }
    double n = trials;
    double p = successes / n;
    double z2 = Z_95 * Z_95;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = Z_95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  /**
   * Sums over the users of one arm, each user with {@code lists} served lists of which
   * {@code clicked} got a click. Add users one at a time; the rate and its variance follow.
   */
  public static final class ArmTotals {
    long users;
    long lists;
    long clicked;
    double listsSquared;
    double clickedSquared;
    double listsTimesClicked;

    public void addUser(long userLists, long userClicked) {
      users++;
      lists += userLists;
      clicked += userClicked;
      listsSquared += (double) userLists * userLists;
      clickedSquared += (double) userClicked * userClicked;
      listsTimesClicked += (double) userLists * userClicked;
    }

    public long users() {
      return users;
    }

    public long lists() {
      return lists;
    }

    public long clicked() {
      return clicked;
    }

    /** Clicked lists over served lists; NaN without lists. */
    public double rate() {
      return lists == 0 ? Double.NaN : (double) clicked / lists;
    }

    /** The delta-method variance of {@link #rate()} with users as clusters, with the K/(K-1) correction. */
    public double rateVariance() {
      if (users < 2 || lists == 0) {
        return Double.NaN;
      }
      double r = rate();
      double residuals = clickedSquared - 2 * r * listsTimesClicked + r * r * listsSquared;
      return Math.max(0, residuals) / ((double) lists * lists) * users / (users - 1.0);
    }

    /** A 95% interval on the rate, clipped to [0, 1]; null with fewer than two users. */
    public double[] interval() {
      double variance = rateVariance();
      if (Double.isNaN(variance)) {
        return null;
      }
      double half = Z_95 * Math.sqrt(variance);
      return new double[] {Math.max(0, rate() - half), Math.min(1, rate() + half)};
    }
  }

  /** The two arms compared: p-value of equal rates and the treatment's relative lift with its interval. */
  public record Comparison(double pValue, double relativeLift, double liftLow, double liftHigh) {}

  /** Null until both arms have a rate, a variance and a clicked list. */
  public static Comparison compare(ArmTotals control, ArmTotals treatment) {
    double vc = control.rateVariance();
    double vt = treatment.rateVariance();
    if (Double.isNaN(vc) || Double.isNaN(vt) || control.clicked == 0 && treatment.clicked == 0) {
      return null;
    }
    double rc = control.rate();
    double rt = treatment.rate();
    double se = Math.sqrt(vc + vt);
    double p = se == 0 ? (rc == rt ? 1.0 : 0.0) : 2 * upperNormalTail(Math.abs(rt - rc) / se);
    if (rc == 0 || rt == 0) {
      return new Comparison(p, Double.NaN, Double.NaN, Double.NaN);
    }
    // The interval of the ratio on the log scale, where it is close to normal.
    double logRatio = Math.log(rt / rc);
    double logSe = Math.sqrt(vc / (rc * rc) + vt / (rt * rt));
    return new Comparison(p, Math.exp(logRatio) - 1, Math.exp(logRatio - Z_95 * logSe) - 1, Math.exp(logRatio + Z_95 * logSe) - 1);
  }

  /** P(Z > z) for a standard normal Z, via erfc (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
  public static double upperNormalTail(double z) {
    return 0.5 * erfc(z / Math.sqrt(2));
  }

  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
