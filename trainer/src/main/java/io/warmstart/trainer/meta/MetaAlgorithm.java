package io.warmstart.trainer.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.warmstart.trainer.adapt.AdaptConfig;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.model.Adam;
import io.warmstart.trainer.model.TrainingData;
import io.warmstart.trainer.model.GroupSgd;
import io.warmstart.trainer.model.NeuralModel;
import io.warmstart.trainer.model.ParamGroup;
import io.warmstart.trainer.model.Parameters;
import java.util.Map;
import java.util.Random;

/**
 * One way to turn a task into an update of the shared initialisation. Implementations differ only
 * in what they do with the inner loop's result; the loop itself (SGD on the support, fresh zero
 * residual) is shared here so they compare fairly.
 */
public abstract class MetaAlgorithm {
  protected final ModelConfig config;
  protected final int innerSteps;
  protected final float innerLr;

  protected MetaAlgorithm(ModelConfig config, int innerSteps, float innerLr) {
    this.config = config;
    this.innerSteps = innerSteps;
    this.innerLr = innerLr;
  }

  public abstract String name();

  /** Learning rates per group used by the inner loop, and so by adaptation afterwards: one rate for all by default. */
  public Map<ParamGroup, Float> innerRates() {
    return AdaptConfig.uniform(innerLr);
  }

  /** Whether adaptation should use Adam (pooled pre-training) rather than the inner-loop SGD. */
  public boolean adaptsWithAdam() {
    return false;
  }

  /**
   * Updates {@code meta} (shared tensors) in place from one task.
   *
   * @return number of training examples consumed
   */
  public abstract int step(NDManager manager, Map<String, NDArray> meta, MetaTask task, Random r, Adam outer);

  /** Adapts a tenant copy of {@code meta} with {@code innerSteps} SGD steps on the support. */
  protected Parameters innerLoop(NDManager manager, Map<String, NDArray> meta, MetaTask task, Random r) {
    Parameters p = Parameters.forTenant(manager, meta, task.numItems());
    for (int s = 0; s < innerSteps; s++) {
      try (NDScope scope = new NDScope()) {
        NeuralModel.backward(p, task.support(), r, config);
        GroupSgd.step(p, innerRates());
      }
    }
    return p;
  }

  protected static TrainingData query(MetaTask task) {
    return task.query().size() > 0 ? task.query() : task.support();
  }

  protected int examples(MetaTask task) {
    return innerSteps * Math.min(NeuralModel.BATCH, task.support().size())
        + Math.min(NeuralModel.BATCH, query(task).size());
  }
}
