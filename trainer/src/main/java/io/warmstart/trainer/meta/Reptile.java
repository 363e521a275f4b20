package io.warmstart.trainer.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.model.Adam;
import io.warmstart.trainer.model.NeuralModel;
import io.warmstart.trainer.model.Parameters;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Reptile (Nichol et al. 2018): move the init towards the task-adapted weights. The difference
 * (theta - theta') is fed to the outer optimiser as a pseudo-gradient. It never looks at the
 * query, so it learns "an init close to every tenant's solution", not "an init that generalises".
 */
public final class Reptile extends MetaAlgorithm {
  public Reptile(ModelConfig config, int innerSteps, float innerLr) {
    super(config, innerSteps, innerLr);
  }

  @Override
  public String name() {
    return "reptile";
  }

  @Override
  public int step(NDManager manager, Map<String, NDArray> meta, MetaTask task, Random r, Adam outer) {
    try (Parameters adapted = innerLoop(manager, meta, task, r);
        NDScope scope = new NDScope()) {
      Map<String, NDArray> pseudoGrad = new HashMap<>();
      meta.forEach((k, v) -> pseudoGrad.put(k, v.sub(adapted.get(k))));
      outer.step(meta, pseudoGrad);
    }
    return innerSteps * Math.min(NeuralModel.BATCH, task.support().size());
  }
}
