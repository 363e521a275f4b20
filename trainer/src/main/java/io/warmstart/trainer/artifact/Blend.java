package io.warmstart.trainer.artifact;

/**
 * What a tenant is served once it has a model: popularity and the model's score in one ranking,
 * {@code log(1 + popularity(i)) + lambda * model(u, i)}, with {@code lambda} chosen per tenant size
 * from cross-tenant evidence (the meta-init's serving evidence). lambda = 0 is popularity (the model only
 * breaks no ties: equal popularity keeps popularity's own order); {@link #MODEL_ONLY} is the model
 * alone. Both terms are in log space, so the blend is a product of experts: the model reorders
 * items of similar popularity first and overrides a large popularity gap only when it is sure.
 */
public final class Blend {
  /** The model alone, as models were served before blending existed. */
  public static final double MODEL_ONLY = Double.POSITIVE_INFINITY;

  /** The weights the evidence chooses from, popularity first. */
  public static final double[] LAMBDAS = {0, 0.125, 0.25, 0.5, 1, 2, 4, MODEL_ONLY};

  private Blend() {}

  public static float score(float popularity, float model, double lambda) {
    if (lambda == MODEL_ONLY) {
      return model;
    }
    return (float) (Math.log1p(Math.max(0f, popularity)) + lambda * model);
  }

  /** Blends a whole score row in place: {@code model[i]} becomes the served score of item i. */
  public static void into(float[] popularity, float[] model, double lambda) {
    if (lambda == MODEL_ONLY) {
      return;
    }
    for (int i = 0; i < model.length; i++) {
      model[i] = score(popularity[i], model[i], lambda);
    }
  }

  /**
   * The blend an adapted artifact is served with: {@code serving.lambda} in its metadata; an artifact
   * from before blending serves the model alone, or popularity when its guard fired.
   */
  public static double servedBy(com.google.gson.JsonObject metadata) {
    com.google.gson.JsonObject serving = metadata.getAsJsonObject("serving");
    if (serving != null && serving.has("lambda")) {
      return fromJson(serving.get("lambda"));
    }
    com.google.gson.JsonObject guard = metadata.getAsJsonObject("guard");
    boolean guarded = guard != null && guard.has("guarded") && guard.get("guarded").getAsBoolean();
    return guarded ? 0 : MODEL_ONLY;
  }

  /** How a weight reads in reports and reasons. */
  public static String describe(double lambda) {
    if (lambda == MODEL_ONLY) {
      return "the model alone";
    }
    if (lambda == 0) {
      return "popularity";
    }
    return String.format(java.util.Locale.ROOT, "popularity + %s x model", trim(lambda));
  }

  public static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** JSON has no infinity: the model alone is written as the string "model", weights as numbers in strings. */
  public static String toJson(double lambda) {
    return lambda == MODEL_ONLY ? "model" : trim(lambda);
  }

  public static double fromJson(com.google.gson.JsonElement e) {
    String s = e.getAsString();
    return s.equals("model") ? MODEL_ONLY : Double.parseDouble(s);
  }
}
