package io.warmstart.trainer.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.warmstart.trainer.adapt.AdaptConfig;
import io.warmstart.trainer.adapt.AdaptedRecommender;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.baseline.Ease;
import io.warmstart.trainer.baseline.ItemKnn;
import io.warmstart.trainer.baseline.Popularity;
import io.warmstart.trainer.baseline.PopularityCooccurrence;
import io.warmstart.trainer.baseline.RecencyPopularity;
import io.warmstart.trainer.baseline.ValidationTuned;
import io.warmstart.trainer.eval.Recommender;
import io.warmstart.trainer.meta.MetaTrainer;
import java.util.List;
import java.util.Map;

/**
 * Builds every method behind the common interface. Hyperparameters that matter are chosen on the
 * support's validation slice (baselines) or by early stopping on it (neural models).
 */
public final class Methods {
  /** Adam fine-tuning for pooled models (from scratch: {@link AdaptConfig#scratch}); SGD for meta-inits (their inner loop). */
  static final float FINE_TUNE_LR = 0.003f;
  static final int FINE_TUNE_STEPS = 150;

  private Methods() {}

  public static Recommender popularity() {
    return new Popularity();
  }

  public static Recommender recencyPopularity() {
    return new RecencyPopularity();
  }

  public static Recommender popularityCooccurrence() {
    return new PopularityCooccurrence();
  }

  public static Recommender itemKnn() {
    return new ValidationTuned("itemknn", List.of(() -> new ItemKnn(20), () -> new ItemKnn(100), () -> new ItemKnn(500)));
  }

  /** Protocol v3's grid, tuned on a 90/10 time split of the support. */
  static final float[] EASE_LAMBDAS = {10f, 50f, 100f, 500f, 1000f, 5000f};
  static final double EASE_TRAIN_FRACTION = 0.9;

  public static Recommender ease(int maxItems) {
    List<java.util.function.Supplier<Recommender>> grid = new java.util.ArrayList<>();
    for (float lambda : EASE_LAMBDAS) {
      grid.add(() -> new Ease(lambda, maxItems));
    }
    return new ValidationTuned("ease", grid, EASE_TRAIN_FRACTION);
  }

  public static AdaptedRecommender scratch(NDManager manager, Map<String, NDArray> randomInit, ModelConfig cfg) {
    return new AdaptedRecommender("scratch", manager, randomInit, AdaptConfig.scratch(cfg));
  }

  /** The adaptation a meta-training result asks for: its own SGD rates, or Adam for pooled. */
  /**
   * @param fixedSteps when positive, meta-inits adapt with exactly this many SGD steps (as in their
   *     inner loop) instead of early stopping; pooled fine-tuning always early-stops
   */
  public static AdaptConfig adaptConfigFor(MetaTrainer.Result r, ModelConfig cfg, int fixedSteps) {
    if (r.adaptWithAdam()) {
      return new AdaptConfig(cfg, true, AdaptConfig.uniform(FINE_TUNE_LR), FINE_TUNE_STEPS, 10, 3);
    }
    if (fixedSteps > 0) {
      return new AdaptConfig(cfg, false, r.adaptRates(), fixedSteps, fixedSteps, 0);
    }
    return new AdaptConfig(cfg, false, r.adaptRates(), 100, 10, 3);
  }

  public static AdaptedRecommender fromInit(NDManager manager, MetaTrainer.Result r, ModelConfig cfg, int fixedSteps) {
    String name = r.algorithm().equals("pooled") ? "pooled+ft" : r.algorithm();
    return new AdaptedRecommender(name, manager, r.init(), adaptConfigFor(r, cfg, fixedSteps));
  }
}
