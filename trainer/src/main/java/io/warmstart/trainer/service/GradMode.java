package io.warmstart.trainer.service;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * PyTorch records autograd graphs per thread, and recording starts on for every thread but the one
 * that loaded the engine. The training code expects it off outside its own backward passes (an
 * in-place restore of a trainable tensor fails otherwise), so library calls switch it off on the
 * caller's thread for their duration and put back whatever the caller had.
 */
final class GradMode {
  private GradMode() {}

  /** Call with the engine loaded (after creating an NDManager). */
  static <T> T off(Supplier<T> body) {
    boolean before = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      return body.get();
    } finally {
      JniUtils.setGradMode(before);
    }
  }
}
