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
 * First-order MAML (Finn et al. 2017, FO approximation): the query loss gradient at the adapted
 * weights is applied to the init. Unlike Reptile it is trained on what evaluation measures: the
 * items a tenant's users take after the support. Second-order terms are dropped (DJL has no
 * create_graph; see STACK.md).
 */
public class FirstOrderMaml extends MetaAlgorithm {
  public FirstOrderMaml(ModelConfig config, int innerSteps, float innerLr) {
    super(config, innerSteps, innerLr);
  }

  @Override
  public String name() {
    return "fomaml";
  }

  @Override
  public int step(NDManager manager, Map<String, NDArray> meta, MetaTask task, Random r, Adam outer) {
    try (Parameters adapted = innerLoop(manager, meta, task, r);
        NDScope scope = new NDScope()) {
      float queryLoss = NeuralModel.backward(adapted, query(task), r, config);
      if (!Float.isFinite(queryLoss)) {
        // A diverged inner loop says nothing useful about the init; skip rather than poison it.
        return examples(task);
      }
      Map<String, NDArray> grads = new HashMap<>(Adam.gradients(adapted));
      afterQuery(meta, adapted, grads);
      if (zeroShotTerm()) {
        addZeroShotGradient(manager, meta, task, r, grads);
      }
      outer.step(meta, grads);
    }
    return examples(task);
  }

  /** Whether the outer loss also scores the init itself, before any adaptation. */
  protected boolean zeroShotTerm() {
    return false;
  }

  private void addZeroShotGradient(NDManager manager, Map<String, NDArray> meta, MetaTask task, Random r, Map<String, NDArray> grads) {
    try (Parameters init = Parameters.forTenant(manager, meta, task.numItems())) {
      NeuralModel.backward(init, query(task), r, config);
      // add() allocates on the adapted tensors' manager, so the sums outlive init; the caller's
      // scope frees them after the outer step.
      Adam.gradients(init).forEach((k, g) -> grads.computeIfPresent(k, (name, adaptedGrad) -> adaptedGrad.add(g)));
    }
  }

  /** Hook for Meta-SGD, which also learns from the query gradient. */
  protected void afterQuery(Map<String, NDArray> meta, Parameters adapted, Map<String, NDArray> grads) {}
}
