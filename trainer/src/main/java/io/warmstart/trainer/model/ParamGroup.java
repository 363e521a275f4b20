package io.warmstart.trainer.model;

import io.warmstart.trainer.artifact.ScoringFunction;

/**
 * Parameter groups: the unit of per-group learning rates (Meta-SGD) and of what is shared.
 * Only {@link #RESIDUAL} is tenant-local; everything else is id-free and transfers.
 */
public enum ParamGroup {
  CONTENT,
  RESIDUAL,
  USER,
  SCORE;

  public static ParamGroup of(String parameter) {
    return switch (parameter) {
      case ScoringFunction.TOKEN, ScoringFunction.FEATURE_PROJECTION -> CONTENT;
      case ScoringFunction.RESIDUAL -> RESIDUAL;
      case ScoringFunction.USER_PROJECTION -> USER;
      default -> SCORE;
    };
  }
}
