package io.warmstart.trainer.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.warmstart.trainer.eval.FitInput;
import io.warmstart.trainer.eval.FitReport;
import io.warmstart.trainer.eval.Recommender;
import io.warmstart.trainer.model.NeuralModel;
import java.util.List;
import java.util.Map;

/**
 * The id-free model behind the common interface: fitting = adapting an init (a meta-init, a
 * pooled pre-trained init, or a random one for "from scratch") to the tenant's support.
 */
public final class AdaptedRecommender implements Recommender, AutoCloseable {
  private final String name;
  private final NDManager manager;
  private final Map<String, NDArray> init;
  private final AdaptConfig config;
  private Adaptation.Result adapted;

  public AdaptedRecommender(String name, NDManager manager, Map<String, NDArray> init, AdaptConfig config) {
    this.name = name;
    this.manager = manager;
    this.init = init;
    this.config = config;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public FitReport fit(FitInput input) {
    close();
    adapted = Adaptation.adapt(manager, init, input.catalogue(), input.support(), config, input.seed());
    return adapted.report();
  }

  public Adaptation.Result adapted() {
    return adapted;
  }

  @Override
  public float[][] score(List<int[]> contexts) {
    return NeuralModel.scoreAll(adapted.parameters(), adapted.servingInputs(), contexts, config.model());
  }

  @Override
  public void close() {
    if (adapted != null) {
      adapted.parameters().close();
      adapted = null;
    }
  }
}
