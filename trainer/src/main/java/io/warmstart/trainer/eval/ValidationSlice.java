package io.warmstart.trainer.eval;

import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.split.Events;
import io.warmstart.trainer.split.ProtocolSplit;
import io.warmstart.trainer.split.TestUser;
import java.util.ArrayList;
import java.util.List;

/**
 * The temporal validation slice inside a support: fit on its first 80%, validate on the last 20%
 * with the same test-user rule as the protocol. Early stopping, hyperparameter choice and the
 * popularity guard all use it, so no method ever looks past the support.
 */
public record ValidationSlice(Events train, List<TestUser> users) {
  public static final double TRAIN_FRACTION = 0.8;
  public static final int MAX_USERS = 500;

  public static ValidationSlice of(Events support, long seed) {
    return of(support, seed, TRAIN_FRACTION);
  }

  /** Fit on the first {@code trainFraction} of the support, validate on the rest. */
  public static ValidationSlice of(Events support, long seed, double trainFraction) {
    int cut = (int) Math.floor(trainFraction * support.size());
    return new ValidationSlice(
        support.prefix(cut), ProtocolSplit.testUsers(support, cut, MAX_USERS, seed));
  }

  /** No users: nothing to validate on. */
  public static ValidationSlice empty(Events train) {
    return new ValidationSlice(train, List.of());
  }

  /**
   * Two disjoint halves of the users (the same training part): the first selects (early stopping,
   * hyperparameters), the second tests what was selected, so the test is not biased by the choice.
   * Users are assigned by a seeded shuffle; with fewer than two users both halves are empty.
   */
  public ValidationSlice[] halves(long seed) {
    if (users.size() < 2) {
      return new ValidationSlice[] {empty(train), empty(train)};
    }
    List<TestUser> shuffled = new ArrayList<>(users);
    java.util.Collections.shuffle(shuffled, new java.util.Random(seed ^ 0x5DEECE66DL));
    int cut = (shuffled.size() + 1) / 2;
    List<TestUser> select = new ArrayList<>(shuffled.subList(0, cut));
    List<TestUser> test = new ArrayList<>(shuffled.subList(cut, shuffled.size()));
    java.util.Comparator<TestUser> byUser = java.util.Comparator.comparingInt(TestUser::user);
    select.sort(byUser);
    test.sort(byUser);
    return new ValidationSlice[] {new ValidationSlice(train, select), new ValidationSlice(train, test)};
  }

  public boolean isEmpty() {
    return users.isEmpty();
  }

  /** Mean NDCG@10 over the validation users of a method already fitted on {@link #train()}. */
  public double ndcg(Recommender fitted, Catalogue catalogue) {
    double[] perUser = perUserNdcg(fitted, catalogue);
    return perUser.length == 0 ? 0 : java.util.Arrays.stream(perUser).average().orElse(0);
  }

  /** NDCG@10 of each validation user, in {@link #users()} order (for paired comparisons). */
  public double[] perUserNdcg(Recommender fitted, Catalogue catalogue) {
    Ranking ranking = Ranking.fromSupport(train, catalogue.size());
    double[] out = new double[users.size()];
    int chunk = 128;
    for (int from = 0; from < users.size(); from += chunk) {
      List<TestUser> part = users.subList(from, Math.min(users.size(), from + chunk));
      List<int[]> contexts = new ArrayList<>();
      part.forEach(u -> contexts.add(u.context()));
      float[][] scores = fitted.score(contexts);
      for (int k = 0; k < part.size(); k++) {
        int[] top = ranking.topK(scores[k], part.get(k).context(), 10);
        out[from + k] = Metrics.ndcg(top, part.get(k).targets(), 10);
      }
    }
    return out;
  }

  /**
   * Whether {@code model} beats {@code baseline} on these users with confidence: the mean paired
   * difference must exceed {@code z} standard errors. A tiny slice (a few users) cannot show that,
   * and the best of several checked steps is biased upwards, so a bare "higher mean" is not enough.
   */
  public static boolean beatsWithConfidence(double[] model, double[] baseline, double z) {
    int n = model.length;
    if (n < 2) {
      return false;
    }
    double mean = 0;
    for (int u = 0; u < n; u++) {
      mean += model[u] - baseline[u];
    }
    mean /= n;
    double var = 0;
    for (int u = 0; u < n; u++) {
      double d = model[u] - baseline[u] - mean;
      var += d * d;
    }
    double se = Math.sqrt(var / (n - 1) / n);
    return mean > 0 && mean > z * se;
  }
}
