package io.warmstart.trainer.baseline;

import io.warmstart.trainer.eval.FitInput;
import io.warmstart.trainer.eval.FitReport;
import io.warmstart.trainer.eval.Recommender;
import io.warmstart.trainer.eval.ValidationSlice;
import java.util.List;
import java.util.function.Supplier;

/**
 * Picks a baseline's hyperparameter on the support's temporal validation slice, then refits the
 * winner on the whole support: baselines get the same tuning budget as the neural models
 * (Dacrema et al. 2019 showed untuned baselines flatter neural methods).
 */
public final class ValidationTuned implements Recommender {
  private final String name;
  private final List<Supplier<Recommender>> candidates;
  private final double trainFraction;
  private Recommender chosen;

  public ValidationTuned(String name, List<Supplier<Recommender>> candidates) {
    this(name, candidates, ValidationSlice.TRAIN_FRACTION);
  }

  /** @param trainFraction the support's first part that candidates fit on; the rest validates */
  public ValidationTuned(String name, List<Supplier<Recommender>> candidates, double trainFraction) {
    this.name = name;
    this.candidates = candidates;
    this.trainFraction = trainFraction;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public FitReport fit(FitInput input) {
    ValidationSlice val = ValidationSlice.of(input.support(), input.seed(), trainFraction);
    int best = candidates.size() / 2;
    if (!val.isEmpty() && val.train().size() > 0) {
      double bestNdcg = -1;
      FitInput trainOnly = new FitInput(input.catalogue(), val.train(), input.seed());
      for (int c = 0; c < candidates.size(); c++) {
        Recommender r = candidates.get(c).get();
        r.fit(trainOnly);
        double ndcg = val.ndcg(r, input.catalogue());
        if (ndcg > bestNdcg) {
          bestNdcg = ndcg;
          best = c;
        }
      }
    }
    chosen = candidates.get(best).get();
    chosen.fit(input);
    return FitReport.none();
  }

  /** The hyperparameter setting that won, as the chosen candidate describes itself. */
  public String chosen() {
    return chosen == null ? "" : chosen.name();
  }

  @Override
  public float[][] score(List<int[]> contexts) {
    return chosen.score(contexts);
  }
}
