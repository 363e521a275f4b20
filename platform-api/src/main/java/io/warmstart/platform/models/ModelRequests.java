package io.warmstart.platform.models;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/** Request bodies of the model endpoints. */
public final class ModelRequests {

  private ModelRequests() {}

  /**
   * Start an adaptation by hand.
   *
   * @param maxSteps cap on gradient steps (0 serves the meta-init as it is); null: the meta-init's own schedule
   */
  public record StartAdaptation(@Min(0) @Max(10_000) Integer maxSteps) {}

  /**
   * Start a meta-training run.
   *
   * @param algorithm metasgd, reptile, fomaml or pooled (null: the configured one)
   * @param maxSeconds wall-time budget (null: the configured one)
   * @param maxSteps meta-steps (null: the configured number)
   */
  public record StartMetaTraining(
      @Pattern(regexp = "metasgd|reptile|fomaml|pooled", message = "must be one of metasgd, reptile, fomaml, pooled") String algorithm,
      @Min(1) @Max(86_400) Integer maxSeconds,
      @Min(1) @Max(10_000_000) Integer maxSteps) {}
}
