package io.warmstart.trainer.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.baseline.Popularity;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.eval.FitInput;
import io.warmstart.trainer.eval.FitReport;
import io.warmstart.trainer.eval.Recommender;
import io.warmstart.trainer.eval.ValidationSlice;
import io.warmstart.trainer.model.Adam;
import io.warmstart.trainer.model.CatalogueContent;
import io.warmstart.trainer.model.TrainingData;
import io.warmstart.trainer.model.GroupSgd;
import io.warmstart.trainer.model.NeuralModel;
import io.warmstart.trainer.model.ParamGroup;
import io.warmstart.trainer.model.Parameters;
import io.warmstart.trainer.model.TenantInputs;
import io.warmstart.trainer.split.Events;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fast adaptation: init + a tenant's support -> adapted model. Trains on the first 80% of the
 * support; the users of the last 20% (protocol test users of that cut) are split in two disjoint
 * halves. The <em>selection</em> half picks the state: NDCG@10 is checked every few steps, the best
 * state is kept and training stops when it stops improving. The <em>test</em> half then judges the
 * kept state without the winner's curse of having chosen it: the guard compares it with popularity
 * fitted on the same 80%, and unless the model beats popularity there with confidence
 * ({@link #GUARD_Z}) {@code guarded} is set. The serving rule ({@code TenantAdapter}) reads the
 * test half too, for its safety net.
 */
public final class Adaptation {
  /**
   * The guard serves the model only if it beats popularity on validation by this many standard
   * errors of the paired per-user difference (one-sided ~90%); fixed a priori, not tuned on test.
   */
  public static final double GUARD_Z = 1.28;

  private Adaptation() {}

  /**
   * The adapted parameters and the inputs (features from the whole support) to serve with.
   *
   * @param test the held-back half of the validation users (with the training part they are scored
   *     against); empty when the support had fewer than two validation users
   * @param trainInputs features of the training part, for scoring {@code test} as validation does
   */
  public record Result(Parameters parameters, TenantInputs servingInputs, FitReport report, ValidationSlice test,
      TenantInputs trainInputs) {}

  public static Result adapt(
      NDManager manager, Map<String, NDArray> init, Catalogue catalogue, Events support, AdaptConfig cfg, long seed) {
    long start = System.nanoTime();
    CatalogueContent content = CatalogueContent.of(catalogue, cfg.model());
    ValidationSlice[] halves = ValidationSlice.of(support, seed).halves(seed);
    ValidationSlice val = halves[0];
    ValidationSlice test = halves[1];
    boolean validate = !test.isEmpty() && val.train().size() > 0;
    Events train = validate ? val.train() : support;
    TenantInputs trainInputs = TenantInputs.of(content, train, cfg.model());
    TrainingData examples = TrainingData.temporal(content, train, cfg.model());
    Parameters p = Parameters.forTenant(manager, init, catalogue.size());
    Random random = new Random(seed);
    Double popVal = validate ? val.ndcg(popularity(catalogue, train, seed), catalogue) : null;
    List<double[]> curve = new ArrayList<>();
    Map<String, NDArray> best = null;
    double bestVal = Double.NEGATIVE_INFINITY;
    int bestStep = 0;
    int worse = 0;
    int maxSteps = validate ? cfg.maxSteps() : Math.min(cfg.maxSteps(), 2 * cfg.evalEvery());
    int step = 0;
    try (Adam adam = cfg.adam() ? new Adam(manager, rates(p, cfg.learningRates())) : null) {
      while (true) {
        boolean fixed = cfg.patience() <= 0;
        if (validate && (fixed ? step == maxSteps : step % cfg.evalEvery() == 0)) {
          double ndcg = val.ndcg(view(p, trainInputs, cfg.model()), catalogue);
          curve.add(new double[] {step, seconds(start), ndcg});
          if (fixed || ndcg > bestVal) {
            bestVal = ndcg;
            bestStep = step;
            worse = 0;
            closeAll(best);
            best = fixed ? null : p.snapshot();
          } else if (++worse >= cfg.patience()) {
            break;
          }
        }
        if (step >= maxSteps) {
          break;
        }
        trainStep(p, examples, random, cfg, adam);
        step++;
      }
    }
    if (best != null) {
      p.restore(best);
      closeAll(best);
    }
    boolean guarded = !validate || !ValidationSlice.beatsWithConfidence(
        test.perUserNdcg(view(p, trainInputs, cfg.model()), catalogue), test.perUserNdcg(popularity(catalogue, train, seed), catalogue), GUARD_Z);
    FitReport report = new FitReport(validate ? bestStep : step, validate ? bestVal : null, popVal, guarded, curve);
    return new Result(p, TenantInputs.of(content, support, cfg.model()), report, validate ? test : ValidationSlice.empty(train), trainInputs);
  }

  private static void trainStep(Parameters p, TrainingData data, Random r, AdaptConfig cfg, Adam adam) {
    try (NDScope scope = new NDScope()) {
      NeuralModel.backward(p, data, r, cfg.model());
      if (adam != null) {
        adam.step(p.arrays(), Adam.gradients(p));
        p.zeroGradients();
      } else {
        GroupSgd.step(p, cfg.learningRates());
      }
    }
  }

  static Recommender popularity(Catalogue catalogue, Events train, long seed) {
    Popularity pop = new Popularity();
    pop.fit(new FitInput(catalogue, train, seed));
    return pop;
  }

  static Map<String, Float> rates(Parameters p, Map<ParamGroup, Float> groupRates) {
    Map<String, Float> out = new HashMap<>();
    for (String name : p.arrays().keySet()) {
      Float r = groupRates.get(ParamGroup.of(name));
      if (r != null) {
        out.put(name, r);
      }
    }
    return out;
  }

  /**
   * A scoring-only view of parameters (being trained, or carried over from an adapted artifact) on
   * given inputs: what validation scores, so two models fed the same inputs are scored identically.
   */
  public static Recommender view(Parameters p, TenantInputs inputs, ModelConfig cfg) {
    return new Recommender() {
      @Override
      public String name() {
        return "adapting";
      }

      @Override
      public FitReport fit(FitInput input) {
        throw new UnsupportedOperationException("a view is already fitted");
      }

      @Override
      public float[][] score(List<int[]> contexts) {
        return NeuralModel.scoreAll(p, inputs, contexts, cfg);
      }
    };
  }

  private static void closeAll(Map<String, NDArray> arrays) {
    if (arrays != null) {
      arrays.values().forEach(NDArray::close);
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
