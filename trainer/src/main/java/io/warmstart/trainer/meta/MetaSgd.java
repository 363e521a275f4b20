package io.warmstart.trainer.meta;

import ai.djl.ndarray.NDArray;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.artifact.ScoringFunction;
import io.warmstart.trainer.model.ParamGroup;
import io.warmstart.trainer.model.Parameters;
import java.util.EnumMap;
import java.util.Map;

/**
 * First-order Meta-SGD (Li et al. 2017) with one learned learning rate per parameter group, on top
 * of FOMAML. With theta' = theta - lr_g * sum_t g_t, the query loss L_q has
 * dL_q/d log(lr_g) = -< grad L_q(theta'), theta - theta' >_g (first order: g_t held fixed), which
 * needs no extra state. A group whose adaptation hurts the query gets its rate driven down, so it
 * also decides ANIL-style which parts adapt at all (e.g. the id residual vs the shared content).
 * Second improvement: a zero-shot term in the outer loss (see {@link #zeroShotTerm()}).
 */
public final class MetaSgd extends FirstOrderMaml {
  private static final float META_LR = 0.02f;
  private static final float MIN_LOG = (float) Math.log(1e-4);
  private static final float MAX_LOG = (float) Math.log(5.0);
  private final Map<ParamGroup, Float> logLr = new EnumMap<>(ParamGroup.class);
  private final Map<ParamGroup, float[]> adamState = new EnumMap<>(ParamGroup.class);
  private int t;

  public MetaSgd(ModelConfig config, int innerSteps, float initialLr) {
    super(config, innerSteps, initialLr);
    for (ParamGroup g : ParamGroup.values()) {
      logLr.put(g, (float) Math.log(initialLr));
      adamState.put(g, new float[2]);
    }
  }

  @Override
  public String name() {
    return "metasgd";
  }

  /**
   * Early stopping may keep the init unchanged (step 0) when a tenant is tiny, so the init must
   * be a good recommender on its own as well as a good starting point: the outer loss is
   * L_q(theta) + L_q(theta'), which also keeps the first-order rate gradient well conditioned.
   */
  @Override
  protected boolean zeroShotTerm() {
    return true;
  }

  @Override
  public Map<ParamGroup, Float> innerRates() {
    Map<ParamGroup, Float> r = new EnumMap<>(ParamGroup.class);
    logLr.forEach((g, v) -> r.put(g, (float) Math.exp(v)));
    return r;
  }

  /** Learned log-rates and their optimiser state, for checkpoints. */
  public com.google.gson.JsonObject saveState() {
    com.google.gson.JsonObject o = new com.google.gson.JsonObject();
    o.addProperty("t", t);
    for (ParamGroup g : ParamGroup.values()) {
      com.google.gson.JsonArray a = new com.google.gson.JsonArray();
      a.add(logLr.get(g));
      a.add(adamState.get(g)[0]);
      a.add(adamState.get(g)[1]);
      o.add(g.name(), a);
    }
    return o;
  }

  public void loadState(com.google.gson.JsonObject o) {
    t = o.get("t").getAsInt();
    for (ParamGroup g : ParamGroup.values()) {
      com.google.gson.JsonArray a = o.getAsJsonArray(g.name());
      logLr.put(g, a.get(0).getAsFloat());
      adamState.get(g)[0] = a.get(1).getAsFloat();
      adamState.get(g)[1] = a.get(2).getAsFloat();
    }
  }

  @Override
  protected void afterQuery(Map<String, NDArray> meta, Parameters adapted, Map<String, NDArray> grads) {
    Map<ParamGroup, Double> d = new EnumMap<>(ParamGroup.class);
    grads.forEach((name, g) -> {
      NDArray adaptedW = adapted.get(name);
      // The residual starts at zero, not at a meta value.
      NDArray delta = name.equals(ScoringFunction.RESIDUAL) ? adaptedW.neg() : meta.get(name).sub(adaptedW);
      d.merge(ParamGroup.of(name), -(double) g.mul(delta).sum().getFloat(), Double::sum);
    });
    t++;
    d.forEach((group, grad) -> {
      // A tiny Adam on the scalars: raw gradients differ by orders of magnitude across groups.
      float[] s = adamState.get(group);
      s[0] = 0.9f * s[0] + 0.1f * grad.floatValue();
      s[1] = 0.999f * s[1] + 0.001f * grad.floatValue() * grad.floatValue();
      double mHat = s[0] / (1 - Math.pow(0.9, t));
      double vHat = s[1] / (1 - Math.pow(0.999, t));
      float next = (float) (logLr.get(group) - META_LR * mHat / (Math.sqrt(vHat) + 1e-12));
      logLr.put(group, Math.max(MIN_LOG, Math.min(MAX_LOG, next)));
    });
  }
}
