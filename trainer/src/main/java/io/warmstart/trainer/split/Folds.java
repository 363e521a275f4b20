package io.warmstart.trainer.split;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Protocol v3's folds: per seed, the eligible tenants (sorted by name) are shuffled with Python's
 * {@code random.Random(seed)} and cut into K contiguous folds of near-equal size; each fold is held
 * out in turn, so every eligible tenant is evaluated once per seed. K is 4, or leave-one-out when a
 * dataset has fewer than 8 eligible tenants.
 */
public final class Folds {
  public static final int DEFAULT_FOLDS = 4;
  static final int MIN_TENANTS_FOR_K_FOLDS = 8;

  private Folds() {}

  /** The fold count v3 asks for: {@code k}, or one fold per tenant below 8 eligible tenants. */
  public static int count(int eligible, int k) {
    return eligible < MIN_TENANTS_FOR_K_FOLDS ? eligible : Math.min(k, eligible);
  }

  public static List<List<String>> of(List<String> eligible, long seed, int k) {
    List<String> order = new ArrayList<>(eligible);
    Collections.sort(order);
    new PythonRandom(seed).shuffle(order);
    int folds = count(order.size(), k);
    List<List<String>> out = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      List<String> fold = new ArrayList<>(order.subList(f * order.size() / folds, (f + 1) * order.size() / folds));
      Collections.sort(fold);
      out.add(fold);
    }
    return out;
  }
}
