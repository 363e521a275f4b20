package io.warmstart.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam whose state lives on its own manager and dies with it. DJL's built-in Adam keeps state on
 * the model's manager forever, which leaks when every task gets a fresh optimizer.
 */
public final class Adam implements AutoCloseable {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPS = 1e-8f;
  private final NDManager manager;
  private final Map<String, NDArray> first = new HashMap<>();
  private final Map<String, NDArray> second = new HashMap<>();
  private final Map<String, Float> lr;
  private int t;

  /** @param lr learning rate per tensor name; tensors without one are not updated */
  public Adam(NDManager parent, Map<String, Float> lr) {
    this.manager = parent.newSubManager();
    this.lr = lr;
  }

  /** Updates {@code targets} in place with {@code grads} (same names). */
  public void step(Map<String, NDArray> targets, Map<String, NDArray> grads) {
    t++;
    float c1 = 1 - (float) Math.pow(BETA1, t);
    float c2 = 1 - (float) Math.pow(BETA2, t);
    try (NDScope scope = new NDScope()) {
      for (Map.Entry<String, NDArray> e : grads.entrySet()) {
        Float rate = lr.get(e.getKey());
        if (rate == null || rate == 0f) {
          continue;
        }
        NDArray g = e.getValue();
        NDArray m = first.computeIfAbsent(e.getKey(), k -> keep(manager.zeros(g.getShape())));
        NDArray v = second.computeIfAbsent(e.getKey(), k -> keep(manager.zeros(g.getShape())));
        m.muli(BETA1).addi(g.mul(1 - BETA1));
        v.muli(BETA2).addi(g.square().mul(1 - BETA2));
        NDArray update = m.div(c1).div(v.div(c2).sqrt().add(EPS)).mul(rate);
        targets.get(e.getKey()).subi(update);
      }
    }
  }

  private static NDArray keep(NDArray a) {
    NDScope.unregister(a);
    return a;
  }

  /** Gradients of every tensor of {@code p} that has one. */
  public static Map<String, NDArray> gradients(Parameters p) {
    Map<String, NDArray> g = new HashMap<>();
    p.arrays().forEach((k, v) -> {
      if (v.hasGradient()) {
        g.put(k, v.getGradient());
      }
    });
    return g;
  }

  public Map<String, NDArray> firstMoments() {
    return first;
  }

  public Map<String, NDArray> secondMoments() {
    return second;
  }

  public int steps() {
    return t;
  }

  /** Restores state saved by a checkpoint. */
  public void load(Map<String, NDArray> m, Map<String, NDArray> v, int steps) {
    m.forEach((k, a) -> first.put(k, attach(a)));
    v.forEach((k, a) -> second.put(k, attach(a)));
    t = steps;
  }

  private NDArray attach(NDArray a) {
    a.attach(manager);
    return a;
  }

  @Override
  public void close() {
    manager.close();
  }
}
