package io.warmstart.trainer.eval;

import java.util.List;

/**
 * The one interface every method (baselines and neural models) implements, so that one
 * evaluation loop measures them all on identical splits.
 */
public interface Recommender {
  String name();

  /** Fits on one tenant's support only. */
  FitReport fit(FitInput input);

  /**
   * Scores every catalogue item for each context (item indices in time order). A context is input
   * only: no parameters change. NaN marks an item the method cannot score; the ranking then falls
   * back to support popularity.
   */
  float[][] score(List<int[]> contexts);
}
