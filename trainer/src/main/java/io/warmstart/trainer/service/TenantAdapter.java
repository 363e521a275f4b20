package io.warmstart.trainer.service;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import io.warmstart.trainer.adapt.AdaptConfig;
import io.warmstart.trainer.adapt.Adaptation;
import io.warmstart.trainer.adapt.AdaptedArtifact;
import io.warmstart.trainer.artifact.Blend;
import io.warmstart.trainer.artifact.ModelArtifact;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.artifact.ServingModel;
import io.warmstart.trainer.baseline.Popularity;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.eval.FitInput;
import io.warmstart.trainer.eval.Recommender;
import io.warmstart.trainer.policy.BlendedRecommender;
import io.warmstart.trainer.policy.ServingEvidence;
import io.warmstart.trainer.eval.ValidationSlice;
import io.warmstart.trainer.model.CatalogueContent;
import io.warmstart.trainer.model.Parameters;
import io.warmstart.trainer.model.TenantInputs;
import io.warmstart.trainer.split.Events;
import io.warmstart.trainer.split.TimeOrder;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Adapts an init to one tenant's events and decides whether the result is served ({@link
 * ServingRule}): with a meta-init that carries cross-tenant evidence, the blend of popularity and
 * model measured best for tenants of this size is served when that evidence is confident, unless
 * the tenant's own held-back test users show it confidently worse than popularity or than the
 * promoted model; without evidence (from scratch, or too few tenants to measure), the model must
 * beat popularity with confidence on those test users, and the promoted model too. The test users
 * are the half of the validation users the adaptation never used to pick its state. The promoted
 * model is scored on exactly the candidate's test inputs: its parameters (residual rows carried over
 * by item id) with this catalogue's content and the features of the slice's training part, blended
 * as it is served, so neither model's features have seen the test events. Only when its tensors
 * cannot take those inputs is it scored as served, and the reason says so.
 *
 * <p>Each call owns its native memory (one manager, closed before returning) and works on the
 * caller's thread; calls on different threads are independent.
 */
public final class TenantAdapter {
  /** {@code decision.incumbent_scoring}: the promoted model's parameters on the candidate's validation inputs. */
  public static final String SAME_INPUTS = "same-inputs";
  /** {@code decision.incumbent_scoring}: the promoted model as served (its own features); a fallback. */
  public static final String AS_SERVED = "as-served";

  private TenantAdapter() {}

  /**
   * @param artifact the adapted model (zip bytes), to store whatever the decision
   * @param events deduplicated events adapted on (all of the tenant's)
   * @param items catalogue size
   * @param validationNdcg the candidate as it would be served, on the test users; null without them
   * @param popularityValidationNdcg popularity on the same users
   * @param incumbentValidationNdcg the promoted model on the same users, re-scored on the same inputs
   *     (or, where it cannot be, as served: see the reason); null without one
   * @param validationUsers the test users (half of the validation users)
   * @param lambda the blend served when promoted ({@link Blend#MODEL_ONLY}: the model alone)
   * @param evidence the cross-tenant evidence behind the decision; null when the tenant decided alone
   * @param steps gradient steps of the kept state
   * @param seconds wall time of the adaptation itself
   */
  public record Outcome(byte[] artifact, boolean promote, String reason, int events, int items, Double validationNdcg,
      Double popularityValidationNdcg, Double incumbentValidationNdcg, int validationUsers, boolean guarded, int steps,
      double seconds, Long firstTimestamp, Long lastTimestamp, double lambda, ServingEvidence.Entry evidence) {}

  /** As {@link #adapt(byte[], String, byte[], TenantData, long, BiConsumer, Integer)} with the init's own step budget. */
  public static Outcome adapt(byte[] metaInit, String metaInitLabel, byte[] incumbent, TenantData data, long seed,
      BiConsumer<Double, String> progress) {
    return adapt(metaInit, metaInitLabel, incumbent, data, seed, progress, null);
  }

  /**
   * @param metaInit a meta-init artifact; null: no meta-init yet, train from a random init
   * @param metaInitLabel recorded as the parent's label (e.g. a version); nullable
   * @param incumbent the tenant's currently promoted adapted artifact; nullable
   * @param seed orders untimed events and picks validation users; same seed, same result
   * @param progress told (fraction in [0, 1], message) as the work advances; nullable
   * @param maxSteps caps gradient steps (0: the init as it is); null keeps the init's own budget
   * @throws IllegalArgumentException when the tenant has no events, or an artifact cannot be read or
   *     is of the wrong kind
   */
  public static Outcome adapt(byte[] metaInit, String metaInitLabel, byte[] incumbent, TenantData data, long seed,
      BiConsumer<Double, String> progress, Integer maxSteps) {
    if (data.numInteractions() == 0) {
      throw new IllegalArgumentException("tenant '" + data.name() + "' has no events to adapt to");
    }
    BiConsumer<Double, String> report = progress == null ? (f, m) -> {} : progress;
    report.accept(0.0, "ordering " + data.numInteractions() + " events");
    Events events = TimeOrder.order(data, seed);
    Catalogue catalogue = Catalogue.of(data);
    try (NDManager manager = NDManager.newBaseManager()) {
      return GradMode.off(() -> {
        Init init = metaInit == null ? Init.scratch(manager, seed) : Init.read(manager, metaInit, metaInitLabel);
        AdaptConfig config = maxSteps == null ? init.config() : init.config().withMaxSteps(maxSteps);
        ServingEvidence.Entry entry = init.evidence() == null ? null : init.evidence().at(events.size());
        double lambda = init.evidence() == null ? Blend.MODEL_ONLY : entry == null ? 0 : entry.lambda();
        // The test half Adaptation holds back (same events, same seed); the incumbent is measured on
        // it first, so that a bad incumbent fails before the adaptation's seconds are spent.
        ValidationSlice test = ValidationSlice.of(events, seed).halves(seed)[1];
        Incumbent inc = incumbent == null ? null : Incumbent.measure(manager, incumbent, catalogue, events, test, seed);
        report.accept(0.1, String.format(Locale.ROOT, "adapting %s init to %d events, %d items",
            init.method(), events.size(), catalogue.size()));
        long start = System.nanoTime();
        Adaptation.Result result = Adaptation.adapt(manager, init.parameters(), catalogue, events, config, seed);
        double seconds = (System.nanoTime() - start) / 1e9;
        report.accept(0.9, String.format(Locale.ROOT, "adapted in %.1f s (%d steps)", seconds, result.report().steps()));
        ServingRule.TestHalf half = testHalf(result, catalogue, init.modelConfig(), lambda, inc);
        ServingRule.Decision decision = init.evidence() != null
            ? ServingRule.withEvidence(init.evidence(), events.size(), half)
            : ServingRule.perTenant(result.report().guarded(), result.report().valNdcg(), half);
        ModelArtifact artifact =
            AdaptedArtifact.of(init.parent(), init.method(), init.modelConfig(), catalogue, events, result, seconds);
        record(artifact.metadata(), decision, inc, half);
        byte[] bytes = artifact.toBytes();
        AdaptedArtifact.TimeRange time = AdaptedArtifact.TimeRange.of(events);
        report.accept(1.0, decision.reason());
        boolean tested = half.users() > 0;
        return new Outcome(bytes, decision.promote(), decision.reason(), events.size(), catalogue.size(),
            tested ? ServingRule.mean(half.candidate()) : null, tested ? ServingRule.mean(half.popularity()) : null,
            tested && half.incumbent() != null ? ServingRule.mean(half.incumbent()) : null, half.users(),
            result.report().guarded(), result.report().steps(), seconds, time.first(), time.last(), decision.lambda(),
            decision.evidence());
      });
    }
  }

  /** The candidate (blended as it would be served), popularity and the incumbent on the held-back test users. */
  private static ServingRule.TestHalf testHalf(Adaptation.Result result, Catalogue catalogue, ModelConfig cfg, double lambda,
      Incumbent inc) {
    ValidationSlice test = result.test();
    if (test.isEmpty()) {
      return new ServingRule.TestHalf(new double[0], new double[0], null, null, 0);
    }
    float[] trainCounts = BlendedRecommender.counts(test.train().items(), catalogue.size());
    Recommender model = Adaptation.view(result.parameters(), result.trainInputs(), cfg);
    double[] candidate = test.perUserNdcg(new BlendedRecommender(model, trainCounts, lambda), catalogue);
    double[] popularity = test.perUserNdcg(new BlendedRecommender(model, trainCounts, 0), catalogue);
    return new ServingRule.TestHalf(candidate, popularity, inc == null || inc.score() == null ? null : inc.score().perUser(),
        inc == null || inc.score() == null ? null : inc.score().note(), inc == null ? 0 : inc.events());
  }

  private static void record(JsonObject metadata, ServingRule.Decision decision, Incumbent inc, ServingRule.TestHalf half) {
    JsonObject serving = new JsonObject();
    serving.addProperty("lambda", Blend.toJson(decision.promote() ? decision.lambda() : 0));
    serving.addProperty("rule", decision.evidence() != null ? "evidence" : "per-tenant");
    if (decision.evidence() != null) {
      serving.add("evidence", new ServingEvidence(List.of(decision.evidence())).toJson().get(0));
    }
    metadata.add("serving", serving);
    JsonObject d = new JsonObject();
    d.addProperty("promote", decision.promote());
    d.addProperty("reason", decision.reason());
    d.addProperty("validation_users", half.users());
    if (inc != null) {
      d.addProperty("incumbent_sha256", inc.sha256());
      if (inc.score() != null) {
        d.addProperty("incumbent_val_ndcg@10", inc.ndcg());
        d.addProperty("incumbent_scoring", inc.score().sameInputs() ? SAME_INPUTS : AS_SERVED);
        if (inc.score().note() != null) {
          d.addProperty("incumbent_scoring_note", inc.score().note());
        }
        metadata.getAsJsonObject("metrics").addProperty("incumbent_val_ndcg@10", inc.ndcg());
      }
      if (inc.dataOverlapsValidation() != null) {
        d.addProperty("incumbent_data_overlaps_validation", inc.dataOverlapsValidation());
      }
    }
    metadata.add("decision", d);
  }

  /** What the adaptation starts from: a meta-init's tensors and its adaptation, or a random init. */
  private record Init(Map<String, NDArray> parameters, ModelConfig modelConfig, AdaptConfig config, String method,
      AdaptedArtifact.Parent parent, ServingEvidence evidence) {

    static Init read(NDManager manager, byte[] bytes, String label) {
      ModelArtifact meta = readArtifact(bytes, manager, "meta-init");
      if (!ModelArtifact.KIND_META_INIT.equals(meta.kind())) {
        throw new IllegalArgumentException("expected a meta-init artifact, got kind '" + meta.kind() + "'");
      }
      ModelConfig cfg = meta.config();
      String method = meta.metadata().get("method").getAsString();
      AdaptedArtifact.Parent parent = new AdaptedArtifact.Parent(null, label, ModelArtifact.sha256(bytes), method);
      return new Init(meta.parameters(), cfg, AdaptConfig.fromMetadata(meta.metadata(), cfg), method, parent,
          MetaTraining.evidenceOf(meta.metadata()));
    }

    /** As the benchmark's "from scratch" method: random init, Adam, early stopping. */
    static Init scratch(NDManager manager, long seed) {
      ModelConfig cfg = ModelConfig.defaults();
      return new Init(Parameters.scratch(manager, cfg, seed).shared(), cfg, AdaptConfig.scratch(cfg), "scratch", null, null);
    }
  }

  /**
   * The promoted model measured on the new validation slice.
   *
   * @param score null when the slice has no users (or no training part)
   * @param dataOverlapsValidation whether the incumbent's events reached into the slice's target
   *     events (null when untimed). Scored on the same inputs, that only touched its early-stopping
   *     choice (its features are recomputed, and in the usual case, a support that extends the
   *     incumbent's, its gradient steps never saw those events); scored as served, its counts and
   *     recency include them, which favours it.
   */
  private record Incumbent(IncumbentScore score, String sha256, Boolean dataOverlapsValidation, long events) {

    Double ndcg() {
      return score == null ? null : score.ndcg();
    }

    static Incumbent measure(
        NDManager parent, byte[] bytes, Catalogue catalogue, Events events, ValidationSlice validation, long seed) {
      try (NDManager manager = parent.newSubManager()) {
        ModelArtifact a = readArtifact(bytes, manager, "incumbent");
        if (!ModelArtifact.KIND_ADAPTED.equals(a.kind())) {
          throw new IllegalArgumentException("expected an adapted incumbent artifact, got kind '" + a.kind() + "'");
        }
        Boolean overlaps = overlaps(a.metadata(), events, validation.train().size());
        // As Adaptation: without users or a training part there is no validation NDCG to compare.
        IncumbentScore score = validation.isEmpty() || validation.train().size() == 0 ? null
            : score(manager, a, catalogue, validation, seed, overlaps);
        JsonObject data = a.metadata().getAsJsonObject("data");
        long trained = data != null && data.has("events") ? data.get("events").getAsLong() : 0;
        return new Incumbent(score, ModelArtifact.sha256(bytes), overlaps, trained);
      }
    }

    private static IncumbentScore score(NDManager manager, ModelArtifact a, Catalogue catalogue,
        ValidationSlice validation, long seed, Boolean overlaps) {
      float[] trainCounts = BlendedRecommender.counts(validation.train().items(), catalogue.size());
      double lambda = Blend.servedBy(a.metadata());
      if (lambda == 0) {
        // It serves popularity; on the candidate's inputs that is popularity of the training part,
        // exactly the bar the candidate is held to.
        Popularity pop = new Popularity();
        pop.fit(new FitInput(catalogue, validation.train(), seed));
        return IncumbentScore.sameInputs(validation.perUserNdcg(pop, catalogue),
            "the promoted model serves popularity");
      }
      String problem = sameInputsProblem(a);
      if (problem == null) {
        ModelConfig cfg = a.config();
        TenantInputs inputs = TenantInputs.of(CatalogueContent.of(catalogue, cfg), validation.train(), cfg);
        try (Parameters p = Parameters.remapped(manager, a.parameters(), oldRows(a.items().ids(), catalogue))) {
          Recommender served = new BlendedRecommender(Adaptation.view(p, inputs, cfg), trainCounts, lambda);
          return IncumbentScore.sameInputs(validation.perUserNdcg(served, catalogue), null);
        }
      }
      double[] perUser;
      try {
        perUser = validation.perUserNdcg(new ServingModelRecommender(ServingModel.of(a), catalogue), catalogue);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("cannot score the incumbent artifact: " + problem + "; " + e.getMessage(), e);
      }
      return IncumbentScore.asServed(perUser, problem + ", so it was scored as served"
          + (Boolean.TRUE.equals(overlaps) ? "; its data reaches into this validation window, which favours it" : ""));
    }

    /** Why the artifact's tensors cannot take today's inputs under its own config; null if they can. */
    private static String sameInputsProblem(ModelArtifact a) {
      if (a.items() == null || a.items().ids() == null) {
        return "the promoted model has no catalogue";
      }
      ModelConfig c = a.config();
      for (Map.Entry<String, Shape> e : Parameters.shapes(c, a.items().ids().size()).entrySet()) {
        NDArray t = a.parameters().get(e.getKey());
        if (t == null || !t.getShape().equals(e.getValue())) {
          return String.format(Locale.ROOT, "the promoted model's %s is %s where its config %s needs %s", e.getKey(),
              t == null ? "missing" : t.getShape(), c, e.getValue());
        }
      }
      return null;
    }

    /** For each item of the catalogue, its row in the incumbent's residual table, or -1 if it did not know it. */
    private static int[] oldRows(List<String> oldIds, Catalogue catalogue) {
      Map<String, Integer> row = new HashMap<>(oldIds.size() * 2);
      for (int i = 0; i < oldIds.size(); i++) {
        row.put(oldIds.get(i), i);
      }
      int[] out = new int[catalogue.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = row.getOrDefault(catalogue.itemIds().get(i), -1);
      }
      return out;
    }

    private static Boolean overlaps(JsonObject metadata, Events events, int validationStart) {
      JsonObject data = metadata.getAsJsonObject("data");
      if (data == null || !data.has("last_timestamp") || validationStart >= events.size()) {
        return null;
      }
      long firstValidation = events.timestamps()[validationStart];
      if (firstValidation == TenantData.MISSING_TIME) {
        return null;
      }
      return data.get("last_timestamp").getAsLong() >= firstValidation;
    }
  }

  /**
   * The promoted model's validation NDCG@10 and how it was obtained.
   *
   * @param sameInputs its parameters scored on exactly the candidate's validation inputs (catalogue
   *     content, features of the slice's training part, residual rows by item id); false: scored as
   *     served, through a {@link ServingModel} with the features of all of its own events
   * @param note said after the comparison in the reason (why it was scored as served, ...); nullable
   */
  record IncumbentScore(double[] perUser, boolean sameInputs, String note) {
    static IncumbentScore sameInputs(double[] perUser, String note) {
      return new IncumbentScore(perUser, true, note);
    }

    static IncumbentScore asServed(double[] perUser, String note) {
      return new IncumbentScore(perUser, false, note);
    }

    double ndcg() {
      return ServingRule.mean(perUser);
    }

    String how() {
      return sameInputs ? "re-scored on the same inputs" : "as served";
    }
  }

  private static ModelArtifact readArtifact(byte[] bytes, NDManager manager, String what) {
    try {
      return ModelArtifact.read(bytes, manager);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read the " + what + " artifact: " + e.getMessage(), e);
    }
  }
}
