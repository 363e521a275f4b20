package io.warmstart.trainer.service;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.warmstart.trainer.adapt.AdaptConfig;
import io.warmstart.trainer.adapt.Adaptation;
import io.warmstart.trainer.artifact.ModelArtifact;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.eval.FitReport;
import io.warmstart.trainer.meta.MetaAlgorithm;
import io.warmstart.trainer.meta.MetaTrainer;
import io.warmstart.trainer.meta.TaskSampler;
import io.warmstart.trainer.split.Events;
import io.warmstart.trainer.split.HoldoutSelector;
import io.warmstart.trainer.split.ProtocolSplit;
import io.warmstart.trainer.split.TimeOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Meta-trains a shared init over many tenants and decides whether it should replace the promoted
 * one. Meta-validation holds out about a fifth of the tenants (chosen with the seed), adapts the
 * new init (and the promoted one) to each held-out tenant's first 80% exactly as a tenant would,
 * and compares the adaptations' own validation NDCG@10, averaged over tenants.
 *
 * <p>Owns its native memory for the duration of the call; runs on the caller's thread.
 */
public final class MetaTraining {
  static final double VALIDATION_FRACTION = 0.2;
  static final int MIN_TENANTS_FOR_VALIDATION = 3;
  private static final String DATASET = "platform";

  private MetaTraining() {}

  /**
   * @param algorithm reptile, fomaml, metasgd or pooled
   * @param maxSteps meta-steps
   * @param maxSeconds wall-time budget of meta-training (validation comes on top)
   * @param seed task sampling, held-out tenants, event order of untimed tenants
   */
  public record Options(String algorithm, int maxSteps, double maxSeconds, long seed) {
    public static Options defaults() {
      return new Options("metasgd", 400, 600, 1);
    }
  }

  /**
   * @param artifact the meta-init (zip bytes), to store whatever the decision
   * @param validationNdcg mean over held-out tenants of the adapted new init; null when unvalidated
   * @param incumbentValidationNdcg the same for the promoted init; null without one
   */
  public record Outcome(byte[] artifact, String algorithm, int steps, double seconds, List<String> trainingTenants,
      List<String> validationTenants, Double validationNdcg, Double popularityValidationNdcg,
      Double incumbentValidationNdcg, boolean promote, String reason) {}

  /**
   * @param tenants distinct names; tenants under 100 events cannot make tasks and are skipped
   * @param incumbentInit the promoted meta-init (zip bytes); nullable
   * @param progress told (fraction in [0, 1], message); nullable
   * @throws IllegalArgumentException on an unknown algorithm, repeated tenant names, no usable
   *     tenant, or an unreadable incumbent
   */
  public static Outcome train(List<TenantData> tenants, byte[] incumbentInit, Options o, BiConsumer<Double, String> progress) {
    BiConsumer<Double, String> report = progress == null ? (f, m) -> {} : progress;
    report.accept(0.0, "ordering events of " + tenants.size() + " tenants");
    ModelConfig cfg = ModelConfig.defaults();
    MetaTrainer.Options d = MetaTrainer.Options.defaults(o.seed());
    MetaTrainer.Options mo =
        new MetaTrainer.Options(o.maxSteps(), o.maxSeconds(), d.checkpointEvery(), o.seed(), d.outerLr(), d.innerSteps(), d.innerLr());
    MetaAlgorithm algorithm = MetaTrainer.algorithm(o.algorithm(), cfg, mo);
    try (NDManager manager = NDManager.newBaseManager()) {
      return GradMode.off(() -> {
        JsonObject incumbent = incumbentInit == null ? null : incumbentMetadata(manager, incumbentInit);
        List<String> validation = validationTenants(tenants, incumbent, o.seed());
        TaskSampler sampler = new TaskSampler(cfg);
        for (TenantData t : tenants) {
          if (!validation.contains(t.name())) {
            sampler.add(Catalogue.of(t), TimeOrder.order(t, o.seed()));
          }
        }
        if (sampler.tenants() == 0) {
          throw new IllegalArgumentException("no training tenant with at least 100 events");
        }
        Throttled metaProgress = new Throttled(report);
        MetaTrainer.Result r;
        try {
          r = MetaTrainer.run(manager, sampler, algorithm, cfg, mo, null, (step, seconds) -> metaProgress.accept(
              0.02 + 0.78 * Math.min(1, Math.max((double) step / o.maxSteps(), seconds / o.maxSeconds())),
              String.format(Locale.ROOT, "meta-training %s: step %d of %d, %.0f s", o.algorithm(), step, o.maxSteps(), seconds)));
        } catch (IOException e) {
          throw new UncheckedIOException("meta-training without a checkpoint does no I/O", e);
        }
        ModelArtifact artifact = MetaTrainer.toArtifact(r, cfg, DATASET);
        Scores fresh = validate(manager, artifact, tenants, validation, o.seed(), report, 0.8, incumbent == null ? 0.18 : 0.09);
        Scores old = null;
        if (incumbent != null && fresh != null) {
          try (NDManager m = manager.newSubManager()) {
            old = validate(m, readArtifact(incumbentInit, m), tenants, validation, o.seed(), report, 0.89, 0.09);
          }
        }
        Decision decision = Decision.of(fresh, old, incumbent != null, validation, overlap(incumbent, validation));
        record(artifact.metadata(), validation, fresh, old, decision, incumbentInit);
        byte[] bytes = artifact.toBytes();
        report.accept(1.0, decision.reason());
        return new Outcome(bytes, r.algorithm(), r.steps(), r.seconds(), r.tenants(), validation,
            fresh == null ? null : fresh.ndcg(), fresh == null ? null : fresh.popularity(),
            old == null ? null : old.ndcg(), decision.promote(), decision.reason());
      });
    }
  }

  /**
   * About a fifth of the eligible tenants (at least one), when at least three are eligible:
   * shuffled with the seed as {@link HoldoutSelector#byFraction} does, but preferring tenants the
   * incumbent was not meta-trained on, since an init is favoured on tenants it has seen.
   */
  static List<String> validationTenants(List<TenantData> tenants, JsonObject incumbent, long seed) {
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
    if (eligible.size() < MIN_TENANTS_FOR_VALIDATION) {
      return List.of();
    }
    Collections.sort(eligible);
    Collections.shuffle(eligible, new Random(seed));
    Set<String> seen = trainedOn(incumbent);
    eligible.sort(Comparator.comparing(seen::contains)); // stable: unseen first, shuffled order kept
    int k = (int) Math.max(1, Math.round(VALIDATION_FRACTION * eligible.size()));
    List<String> chosen = new ArrayList<>(eligible.subList(0, k));
    Collections.sort(chosen);
    return chosen;
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

  private static List<String> overlap(JsonObject incumbent, List<String> validation) {
    Set<String> seen = trainedOn(incumbent);
    return validation.stream().filter(seen::contains).toList();
  }

  /** Mean validation NDCG@10 of an init adapted to each held-out tenant, and of popularity. */
  record Scores(double ndcg, double popularity, int tenants) {}

  /** Null when no held-out tenant has validation users. */
  private static Scores validate(NDManager manager, ModelArtifact init, List<TenantData> tenants, List<String> validation,
      long seed, BiConsumer<Double, String> report, double from, double span) {
    ModelConfig cfg = init.config();
    AdaptConfig config = AdaptConfig.fromMetadata(init.metadata(), cfg);
    double ndcg = 0;
    double pop = 0;
    int n = 0;
    int done = 0;
    for (TenantData t : tenants) {
      if (!validation.contains(t.name())) {
        continue;
      }
      report.accept(from + span * done++ / validation.size(), "meta-validation: adapting to " + t.name());
      Events events = TimeOrder.order(t, seed);
      // As a new tenant at the protocol's "all" support: its first 80%.
      Events support = events.prefix((int) Math.floor(ProtocolSplit.MAX_SUPPORT_FRACTION * events.size()));
      Adaptation.Result r = Adaptation.adapt(manager, init.parameters(), Catalogue.of(t), support, config, seed);
      FitReport fit = r.report();
      r.parameters().close();
      if (fit.valNdcg() != null) {
        ndcg += fit.valNdcg();
        pop += fit.popValNdcg();
        n++;
      }
    }
    return n == 0 ? null : new Scores(ndcg / n, pop / n, n);
  }

  private static void record(JsonObject metadata, List<String> validation, Scores fresh, Scores old, Decision decision,
      byte[] incumbentInit) {
    JsonArray names = new JsonArray();
    validation.forEach(names::add);
    metadata.getAsJsonObject("data").add("validation_tenants", names);
    JsonObject metrics = metadata.getAsJsonObject("metrics");
    if (fresh != null) {
      metrics.addProperty("val_ndcg@10", fresh.ndcg());
      metrics.addProperty("popularity_val_ndcg@10", fresh.popularity());
      metrics.addProperty("validation_tenants_with_users", fresh.tenants());
    }
    if (old != null) {
      metrics.addProperty("incumbent_val_ndcg@10", old.ndcg());
    }
    JsonObject d = new JsonObject();
    d.addProperty("promote", decision.promote());
    d.addProperty("reason", decision.reason());
    if (incumbentInit != null) {
      d.addProperty("incumbent_sha256", ModelArtifact.sha256(incumbentInit));
    }
    metadata.add("decision", d);
  }

  private static JsonObject incumbentMetadata(NDManager parent, byte[] bytes) {
    try (NDManager m = parent.newSubManager()) {
      return readArtifact(bytes, m).metadata();
    }
  }

  private static ModelArtifact readArtifact(byte[] bytes, NDManager manager) {
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
    /**
     * @param fresh null when unvalidated
     * @param heldOut the validation tenants
     * @param incumbentSawValidation held-out tenants the incumbent was meta-trained on (noted in the reason)
     */
    static Decision of(Scores fresh, Scores old, boolean hasIncumbent, List<String> heldOut, List<String> incumbentSawValidation) {
      if (fresh == null) {
        String why = heldOut.isEmpty() ? "no tenants left for meta-validation" : "no validation users in the held-out tenants";
        return hasIncumbent
            ? new Decision(false, "rejected: " + why + "; the promoted init stays")
            : new Decision(true, why + "; promoted unvalidated");
      }
      if (!(fresh.ndcg() > fresh.popularity())) {
        return new Decision(false, String.format(Locale.ROOT,
            "rejected: meta-validation NDCG@10 %.4f does not beat popularity %.4f (%s)",
            fresh.ndcg(), fresh.popularity(), tenants(fresh.tenants())));
      }
      if (old != null && !(fresh.ndcg() > old.ndcg())) {
        return new Decision(false, String.format(Locale.ROOT,
            "rejected: meta-validation NDCG@10 %.4f does not beat the promoted init's %.4f (%s)%s",
            fresh.ndcg(), old.ndcg(), tenants(fresh.tenants()), incumbentSawValidation.isEmpty() ? ""
                : "; the promoted init was meta-trained on " + incumbentSawValidation + ", which favours it"));
      }
      String versus = old == null ? "" : String.format(Locale.ROOT, " and the promoted init's %.4f", old.ndcg());
      return new Decision(true, String.format(Locale.ROOT, "meta-validation NDCG@10 %.4f beats popularity %.4f%s (%s)",
          fresh.ndcg(), fresh.popularity(), versus, tenants(fresh.tenants())));
    }

    private static String tenants(int n) {
      return n + (n == 1 ? " tenant" : " tenants");
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
