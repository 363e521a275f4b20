package io.warmstart.trainer.service;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.warmstart.trainer.adapt.AdaptConfig;
import io.warmstart.trainer.artifact.ModelArtifact;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.meta.MetaTrainer;
import io.warmstart.trainer.meta.TaskSampler;
import io.warmstart.trainer.policy.OnboardingSimulation;
import io.warmstart.trainer.policy.ServingEvidence;
import io.warmstart.trainer.split.HoldoutSelector;
import io.warmstart.trainer.split.TimeOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Meta-trains a shared init over many tenants, measures what it is worth to a new tenant of each
 * size, and decides whether it replaces the promoted one.
 *
 * <p>The measurement is cross-validated over tenants: the eligible tenants (at least 300 events and
 * 50 items) are split into K folds; for each fold an init is meta-trained on every other tenant and
 * then each tenant of the fold is onboarded at 50, 100, 200, ... events exactly as the platform
 * onboards one ({@link OnboardingSimulation}). Every eligible tenant is thus measured once, by an
 * init that never saw it, and the results become the {@link ServingEvidence} stored in the init that
 * is finally meta-trained on all tenants (the usual cross-validation estimate of a procedure). With
 * fewer than three eligible tenants nothing can be measured: the init is trained on all and
 * tenants decide alone (the serving rule's per-tenant regime).
 *
 * <p>Owns its native memory for the duration of the call; runs on the caller's thread.
 */
public final class MetaTraining {
  static final int MIN_TENANTS_FOR_VALIDATION = 3;
  /** Metadata key of the evidence in a meta-init. */
  public static final String EVIDENCE = "serving_evidence";
  private static final String DATASET = "platform";

  private MetaTraining() {}

  /**
   * @param algorithm reptile, fomaml, metasgd or pooled
   * @param maxSteps meta-steps of each of the K + 1 meta-training runs
   * @param maxSeconds wall-time budget of all meta-training runs together (onboarding simulations come on top)
   * @param seed task sampling, folds, event order of untimed tenants
   * @param folds K: cross-validation folds over the eligible tenants (fewer when there are fewer tenants)
   * @param model the model to meta-train
   * @param patience each run stops after this many convergence checks without improvement (0: the
   *     whole budget); see {@link MetaTrainer.Options#patience()}
   */
  public record Options(String algorithm, int maxSteps, double maxSeconds, long seed, int folds, ModelConfig model,
      int patience) {
    public static Options defaults() {
      return new Options("metasgd", 5000, 600, 1, 4, ModelConfig.defaults(), 5);
    }

    public Options withSeed(long s) {
      return new Options(algorithm, maxSteps, maxSeconds, s, folds, model, patience);
    }
  }

  /**
   * @param artifact the meta-init (zip bytes), to store whatever the decision
   * @param evidence what it is worth per tenant size; null when too few tenants could be measured
   * @param validationTenants the tenants measured (each by an init that did not see it)
   * @param value mean over sizes of the NDCG@10 ratio to popularity that serving would get (1 where
   *     it serves popularity); null without evidence
   * @param incumbentValue the promoted init's value on the tenants it was not trained on; null when
   *     it cannot be compared
   */
  public record Outcome(byte[] artifact, String algorithm, int steps, double seconds, List<String> trainingTenants,
      List<String> validationTenants, ServingEvidence evidence, Double value, Double incumbentValue, boolean promote,
      String reason) {}

  /**
   * @param tenants distinct names; tenants under 100 events cannot make tasks and are skipped
   * @param incumbentInit the promoted meta-init (zip bytes); nullable
   * @param progress told (fraction in [0, 1], message); nullable
   * @throws IllegalArgumentException on an unknown algorithm, repeated tenant names, no usable
   *     tenant, or an unreadable incumbent
   */
  public static Outcome train(List<TenantData> tenants, byte[] incumbentInit, Options o, BiConsumer<Double, String> progress) {
    BiConsumer<Double, String> report = progress == null ? (f, m) -> {} : progress;
    List<String> eligible = eligible(tenants);
    List<List<TenantData>> folds = folds(tenants, eligible, o);
    double perRun = o.maxSeconds() / (folds.size() + 1);
    ModelConfig cfg = o.model();
    try (NDManager manager = NDManager.newBaseManager()) {
      return GradMode.off(() -> {
        JsonObject incumbent = incumbentInit == null ? null : readMetaInit(incumbentInit, manager).metadata();
        List<OnboardingSimulation.TenantResult> results = new ArrayList<>();
        double span = 0.8 / (folds.size() + 1);
        for (int k = 0; k < folds.size(); k++) {
          int foldIndex = k;
          List<TenantData> fold = folds.get(k);
          List<TenantData> rest = tenants.stream().filter(t -> !fold.contains(t)).toList();
          String what = String.format(Locale.ROOT, "fold %d of %d", k + 1, folds.size());
          Trained init = metaTrain(manager, rest, cfg, o, perRun, report, k * span, 0.7 * span, what);
          try (NDManager m = manager.newSubManager()) {
            init.result().init().values().forEach(a -> a.attach(m));
            results.addAll(OnboardingSimulation.run(m, init.result().init(), init.adapt(), fold, o.seed(),
                (f, msg) -> report.accept((foldIndex + 0.7 + 0.3 * f) * span, what + ": " + msg)));
          }
        }
        ServingEvidence evidence = folds.isEmpty() ? null : ServingEvidence.of(results);
        Trained last = metaTrain(manager, tenants, cfg, o, perRun, report, folds.size() * span, span, "all tenants");
        ModelArtifact artifact = MetaTrainer.toArtifact(last.result(), cfg, DATASET);
        Comparison c = compare(manager, evidence, results, incumbentInit, incumbent, tenants, eligible, o.seed(), report);
        Decision decision = Decision.of(evidence, c, incumbent != null);
        record(artifact.metadata(), evidence, folds, eligible, c, decision, incumbentInit);
        report.accept(1.0, decision.reason());
        return new Outcome(artifact.toBytes(), last.result().algorithm(), last.result().steps(), last.result().seconds(),
            last.result().tenants(), folds.isEmpty() ? List.of() : eligible, evidence, c.value(), c.incumbentValue(),
            decision.promote(), decision.reason());
      });
    }
  }

  /** The evidence stored in a meta-init's metadata; null when it has none. */
  public static ServingEvidence evidenceOf(JsonObject metadata) {
    JsonElement e = metadata.get(EVIDENCE);
    return e == null || !e.isJsonArray() ? null : ServingEvidence.fromJson(e.getAsJsonArray());
  }

  private record Trained(MetaTrainer.Result result, AdaptConfig adapt) {}

  private static Trained metaTrain(NDManager manager, List<TenantData> tenants, ModelConfig cfg, Options o, double seconds,
      BiConsumer<Double, String> report, double from, double span, String what) {
    TaskSampler sampler = new TaskSampler(cfg);
    for (TenantData t : tenants) {
      sampler.add(Catalogue.of(t), TimeOrder.order(t, o.seed()));
    }
    if (sampler.tenants() == 0) {
      throw new IllegalArgumentException("no training tenant with at least 100 events");
    }
    MetaTrainer.Options d = MetaTrainer.Options.defaults(o.seed());
    MetaTrainer.Options mo = new MetaTrainer.Options(o.maxSteps(), seconds, d.checkpointEvery(), o.seed(), d.outerLr(),
        d.innerSteps(), d.innerLr(), o.patience());
    Throttled progress = new Throttled(report);
    MetaTrainer.Result r;
    try {
      r = MetaTrainer.run(manager, sampler, MetaTrainer.algorithm(o.algorithm(), cfg, mo), cfg, mo, null,
          (step, s) -> progress.accept(from + span * Math.min(1, Math.max((double) step / o.maxSteps(), s / seconds)),
              String.format(Locale.ROOT, "meta-training %s on %s: step %d, %.0f s", o.algorithm(), what, step, s)));
    } catch (IOException e) {
      throw new UncheckedIOException("meta-training without a checkpoint does no I/O", e);
    }
    ModelArtifact artifact = MetaTrainer.toArtifact(r, cfg, DATASET);
    return new Trained(r, AdaptConfig.fromMetadata(artifact.metadata(), cfg));
  }

  static List<String> eligible(List<TenantData> tenants) {
    Set<String> names = new HashSet<>();
    List<String> eligible = new ArrayList<>();
    for (TenantData t : tenants) {
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("tenant '" + t.name() + "' is given twice");
      }
      if (HoldoutSelector.eligible(t)) {
        eligible.add(t.name());
      }
    }
    Collections.sort(eligible);
    return eligible;
  }

  /** K folds of the eligible tenants (shuffled with the seed); none when fewer than three are eligible. */
  static List<List<TenantData>> folds(List<TenantData> tenants, List<String> eligible, Options o) {
    if (eligible.size() < MIN_TENANTS_FOR_VALIDATION) {
      return List.of();
    }
    List<String> order = new ArrayList<>(eligible);
    Collections.shuffle(order, new Random(o.seed()));
    int k = Math.max(2, Math.min(o.folds(), order.size()));
    List<List<TenantData>> out = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      Set<String> names = new HashSet<>(order.subList(f * order.size() / k, (f + 1) * order.size() / k));
      out.add(tenants.stream().filter(t -> names.contains(t.name())).toList());
    }
    return out;
  }

  /**
   * The new init's value and the promoted one's, on the same tenants: those the promoted init was
   * not trained on (it would be favoured on the others). Null values when there is nothing to compare.
   */
  record Comparison(Double value, Double incumbentValue, List<String> comparedOn, String note) {}

  private static Comparison compare(NDManager manager, ServingEvidence evidence, List<OnboardingSimulation.TenantResult> results,
      byte[] incumbentInit, JsonObject incumbent, List<TenantData> tenants, List<String> eligible, long seed,
      BiConsumer<Double, String> report) {
    if (evidence == null) {
      return new Comparison(null, null, List.of(), null);
    }
    double value = value(evidence);
    if (incumbent == null) {
      return new Comparison(value, null, List.of(), null);
    }
    Set<String> seen = trainedOn(incumbent);
    List<TenantData> unseen = tenants.stream().filter(t -> eligible.contains(t.name()) && !seen.contains(t.name())).toList();
    if (unseen.size() < ServingEvidence.MIN_TENANTS) {
      return new Comparison(value, null, List.of(), String.format(Locale.ROOT,
          "the promoted init was trained on all but %d of the %d measured tenants, so it cannot be measured fairly",
          unseen.size(), eligible.size()));
    }
    List<String> names = unseen.stream().map(TenantData::name).toList();
    try (NDManager m = manager.newSubManager()) {
      ModelArtifact old = readMetaInit(incumbentInit, m);
      List<OnboardingSimulation.TenantResult> oldResults = OnboardingSimulation.run(m, old.parameters(),
          AdaptConfig.fromMetadata(old.metadata(), old.config()), unseen, seed,
          (f, msg) -> report.accept(0.9 + 0.1 * f, "measuring the promoted init: " + msg));
      double mine = value(ServingEvidence.of(results.stream().filter(r -> names.contains(r.tenant())).toList()));
      return new Comparison(mine, value(ServingEvidence.of(oldResults)), names, null);
    }
  }

  /** Mean over sizes measured on enough tenants of the ratio serving gets (1 where it serves popularity). */
  static double value(ServingEvidence evidence) {
    double sum = 0;
    int n = 0;
    for (ServingEvidence.Entry e : evidence.entries()) {
      if (e.tenants() >= ServingEvidence.MIN_TENANTS) {
        sum += e.servesModel() ? e.ratioMean() : 1;
        n++;
      }
    }
    return n == 0 ? 1 : sum / n;
  }

  private static Set<String> trainedOn(JsonObject metadata) {
    Set<String> out = new HashSet<>();
    JsonObject data = metadata == null ? null : metadata.getAsJsonObject("data");
    if (data != null && data.has("tenants") && data.get("tenants").isJsonArray()) {
      for (JsonElement e : data.getAsJsonArray("tenants")) {
        out.add(e.getAsString());
      }
    }
    return out;
  }

  private static void record(JsonObject metadata, ServingEvidence evidence, List<List<TenantData>> folds, List<String> eligible,
      Comparison c, Decision decision, byte[] incumbentInit) {
    JsonArray names = new JsonArray();
    if (!folds.isEmpty()) {
      eligible.forEach(names::add);
    }
    metadata.getAsJsonObject("data").add("validation_tenants", names);
    metadata.getAsJsonObject("data").addProperty("validation_folds", folds.size());
    if (evidence != null) {
      metadata.add(EVIDENCE, evidence.toJson());
    }
    JsonObject metrics = metadata.getAsJsonObject("metrics");
    if (c.value() != null) {
      metrics.addProperty("served_value", c.value());
    }
    if (c.incumbentValue() != null) {
      metrics.addProperty("incumbent_served_value", c.incumbentValue());
    }
    JsonObject d = new JsonObject();
    d.addProperty("promote", decision.promote());
    d.addProperty("reason", decision.reason());
    if (incumbentInit != null) {
      d.addProperty("incumbent_sha256", ModelArtifact.sha256(incumbentInit));
    }
    metadata.add("decision", d);
  }

  private static ModelArtifact readMetaInit(byte[] bytes, NDManager manager) {
    ModelArtifact a;
    try {
      a = ModelArtifact.read(bytes, manager);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read the incumbent meta-init: " + e.getMessage(), e);
    }
    if (!ModelArtifact.KIND_META_INIT.equals(a.kind())) {
      throw new IllegalArgumentException("expected a meta-init incumbent, got kind '" + a.kind() + "'");
    }
    return a;
  }

  /** The promotion rule and its one-line explanation. */
  record Decision(boolean promote, String reason) {
    static Decision of(ServingEvidence evidence, Comparison c, boolean hasIncumbent) {
      if (evidence == null) {
        String why = "fewer than " + MIN_TENANTS_FOR_VALIDATION + " tenants with 300 events and 50 items to measure it on";
        return hasIncumbent
            ? new Decision(false, "rejected: " + why + "; the promoted init stays")
            : new Decision(true, why + "; promoted unmeasured, so each tenant's model must prove itself on its own users");
      }
      String sizes = summary(evidence);
      if (c.incumbentValue() != null && c.value() < c.incumbentValue()) {
        return new Decision(false, String.format(Locale.ROOT,
            "rejected: on the %d tenants the promoted init was not trained on, serving would get %.3fx popularity's NDCG@10 "
                + "with it against %.3fx with the promoted init (%s)", c.comparedOn().size(), c.value(), c.incumbentValue(), sizes));
      }
      String versus = c.incumbentValue() == null ? (c.note() == null ? "" : "; " + c.note())
          : String.format(Locale.ROOT, ", against %.3fx with the promoted init on the %d tenants it was not trained on",
              c.incumbentValue(), c.comparedOn().size());
      return new Decision(true, String.format(Locale.ROOT, "measured on %d held-out tenants: serving gets %.3fx popularity's "
          + "NDCG@10 on average over sizes (%s)%s", evidence.entries().stream().mapToInt(ServingEvidence.Entry::tenants).max().orElse(0),
          value(evidence), sizes, versus));
    }

    private static String summary(ServingEvidence evidence) {
      StringBuilder s = new StringBuilder();
      for (ServingEvidence.Entry e : evidence.entries()) {
        if (e.tenants() < ServingEvidence.MIN_TENANTS) {
          continue;
        }
        s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%d events: %s", e.events(),
            e.servesModel() ? String.format(Locale.ROOT, "%.2fx", e.ratioMean()) : "popularity"));
      }
      return s.toString();
    }
  }

  /** Passes progress on only when it moved by a percent, so a per-step listener stays cheap for the caller. */
  private static final class Throttled {
    private final BiConsumer<Double, String> target;
    private double last = -1;

    Throttled(BiConsumer<Double, String> target) {
      this.target = target;
    }

    void accept(double fraction, String message) {
      if (fraction - last >= 0.01) {
        last = fraction;
        target.accept(fraction, message);
      }
    }
  }
}
