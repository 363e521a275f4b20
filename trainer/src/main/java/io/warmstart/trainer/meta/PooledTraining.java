package io.warmstart.trainer.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.model.Adam;
import io.warmstart.trainer.model.NeuralModel;
import io.warmstart.trainer.model.Parameters;
import java.util.Map;
import java.util.Random;

/**
 * The strong transfer baseline: ordinary training of the shared parameters on all training
 * tenants pooled (no inner loop), then fine-tuning with Adam on the new tenant. Same tasks, same
 * query loss and same budget as the meta-learners, so any gap is due to meta-learning itself.
 */
public final class PooledTraining extends MetaAlgorithm {
  /** Pooled training has no inner loop; its rate is the fine-tuning rate used at adaptation. */
  public PooledTraining(ModelConfig config, float fineTuneLr) {
    super(config, 0, fineTuneLr);
  }

  @Override
  public String name() {
    return "pooled";
  }

  @Override
  public boolean adaptsWithAdam() {
    return true;
  }

  @Override
  public int step(NDManager manager, Map<String, NDArray> meta, MetaTask task, Random r, Adam outer) {
    try (Parameters p = Parameters.forTenant(manager, meta, task.numItems());
        NDScope scope = new NDScope()) {
      if (Float.isFinite(NeuralModel.backward(p, query(task), r, config))) {
        outer.step(meta, Adam.gradients(p));
      }
    }
    return Math.min(NeuralModel.BATCH, query(task).size());
  }
}
