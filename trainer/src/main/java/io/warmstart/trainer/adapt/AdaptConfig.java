package io.warmstart.trainer.adapt;

import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.model.ParamGroup;
import java.util.EnumMap;
import java.util.Map;

/**
 * How a model adapts to one tenant.
 *
 * @param adam Adam (standard fine-tuning) instead of plain SGD (what the meta-learners' inner loop
 *     used, so their init is tuned for it)
 * @param learningRates per parameter group; a group without a rate stays frozen
 * @param maxSteps upper bound on gradient steps
 * @param evalEvery steps between validation checks (early stopping granularity)
 * @param patience checks without improvement before stopping; 0 means no early stopping: exactly
 *     {@code maxSteps} steps, as in a meta-learner's inner loop (validation then only feeds the guard)
 */
public record AdaptConfig(
    ModelConfig model, boolean adam, Map<ParamGroup, Float> learningRates, int maxSteps, int evalEvery, int patience) {
  static final float SCRATCH_LR = 0.01f;
  static final int SCRATCH_STEPS = 300;

  public static Map<ParamGroup, Float> uniform(float lr) {
    Map<ParamGroup, Float> m = new EnumMap<>(ParamGroup.class);
    for (ParamGroup g : ParamGroup.values()) {
      m.put(g, lr);
    }
    return m;
  }

  public static AdaptConfig adam(ModelConfig model, float lr, int maxSteps) {
    return new AdaptConfig(model, true, uniform(lr), maxSteps, 25, 3);
  }

  /**
   * Training a random init on the tenant alone (the "from scratch" baseline, and what a tenant gets
   * before any meta-init exists): Adam at a rate high enough to learn from zero, more steps.
   */
  public static AdaptConfig scratch(ModelConfig model) {
    return adam(model, SCRATCH_LR, SCRATCH_STEPS);
  }

  /** The same adaptation capped at {@code steps} gradient steps (0: the init as it is). */
  public AdaptConfig withMaxSteps(int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("max steps must be >= 0, got " + steps);
    }
    return new AdaptConfig(model, adam, learningRates, steps, evalEvery, patience);
  }

  /**
   * The adaptation a meta-init artifact asks for ({@code adapt} in its metadata): the inner-loop
   * SGD rates it was meta-trained with, or Adam fine-tuning for a pooled init.
   */
  public static AdaptConfig fromMetadata(com.google.gson.JsonObject metadata, ModelConfig model) {
    com.google.gson.JsonObject a = metadata.getAsJsonObject("adapt");
    Map<ParamGroup, Float> rates = new EnumMap<>(ParamGroup.class);
    a.getAsJsonObject("learning_rates").entrySet()
        .forEach(e -> rates.put(ParamGroup.valueOf(e.getKey()), e.getValue().getAsFloat()));
    boolean adam = "adam".equals(a.get("optimizer").getAsString());
    return adam ? new AdaptConfig(model, true, rates, 150, 10, 3) : new AdaptConfig(model, false, rates, 100, 10, 3);
  }
}
