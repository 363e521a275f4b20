package io.warmstart.trainer.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.warmstart.trainer.adapt.AdaptedRecommender;
import io.warmstart.trainer.artifact.Blend;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.Dataset;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.eval.Recommender;
import io.warmstart.trainer.eval.ResultRow;
import io.warmstart.trainer.eval.SplitEvaluator;
import io.warmstart.trainer.meta.MetaTrainer;
import io.warmstart.trainer.meta.TaskSampler;
import io.warmstart.trainer.model.Parameters;
import io.warmstart.trainer.policy.BlendedRecommender;
import io.warmstart.trainer.split.Events;
import io.warmstart.trainer.split.Folds;
import io.warmstart.trainer.split.HoldoutSelector;
import io.warmstart.trainer.split.JoinTime;
import io.warmstart.trainer.split.ProtocolSplit;
import io.warmstart.trainer.split.SupportSplit;
import io.warmstart.trainer.split.TimeOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The `evaluate` loop (protocol v3 of shared/data/README.md): per seed, the eligible tenants are
 * split into folds; each fold is held out in turn while every requested init is meta-trained on the
 * other tenants' data before the join time, and then every method is fitted and measured on every
 * held-out tenant's data from the join time on, at every support size, with {@link SplitEvaluator}.
 * One loop for all methods, so every number comes from identical splits.
 */
public final class Benchmark {
  public static final List<String> METHODS = List.of("popularity", "recpop", "popcooc", "itemknn", "ease", "scratch",
      "pooled", "reptile", "fomaml", "metasgd", ServedMethod.NAME, "popularity-14d", "popularity-90d", "popularity-365d");

  private Benchmark() {}

  /** One held-out fold of one seed, as reported. */
  public record Fold(long seed, int fold, List<String> heldOut, List<String> donors) {}

  public static BenchmarkReport run(Dataset data, BenchmarkOptions o, ModelConfig cfg, Path checkpoints, Consumer<String> log)
      throws IOException {
    OptionalLong join = BenchmarkOptions.JOIN_MEDIAN.equals(o.joinTime()) ? JoinTime.median(data) : OptionalLong.empty();
    log.accept(join.isPresent() ? "join time T = " + join.getAsLong() + " (" + java.time.Instant.ofEpochSecond(join.getAsLong())
        + "): donors keep rows before T, held-out tenants rows from T on"
        : "no join time (" + (BenchmarkOptions.JOIN_MEDIAN.equals(o.joinTime()) ? "not every row has a timestamp" : "--join-time none")
            + "): v2's order, donors and held-out tenants keep all their rows");
    Map<String, TenantData> heldOutParts = new LinkedHashMap<>();
    List<String> eligible = new ArrayList<>();
    for (TenantData t : data.tenants()) {
      TenantData part = JoinTime.heldOutPart(t, join);
      heldOutParts.put(t.name(), part);
      if (HoldoutSelector.eligible(part)) {
        eligible.add(t.name());
      }
    }
    List<Fold> folds = new ArrayList<>();
    List<MetaRun> metaRuns = new ArrayList<>();
    List<ResultRow> rows = new ArrayList<>();
    for (long seed : o.seeds()) {
      List<List<String>> heldOut = folds(data, o, eligible, seed);
      for (int index = 0; index < heldOut.size(); index++) {
        int f = index;
        List<String> fold = heldOut.get(f);
        List<TenantData> donors = new ArrayList<>();
        for (TenantData t : data.tenants()) {
          if (!fold.contains(t.name())) {
            donors.add(JoinTime.donorPart(t, join));
          }
        }
        folds.add(new Fold(seed, f, fold, donors.stream().map(TenantData::name).toList()));
        log.accept(String.format("seed %d, fold %d of %d: held-out tenants %s", seed, f + 1, heldOut.size(), fold));
        String label = "seed-" + seed + "-fold-" + f;
        try (NDManager manager = NDManager.newBaseManager()) {
          List<MetaTrainer.Result> inits = metaTrain(manager, donors, o, cfg, seed, checkpoints, label, log);
          Map<String, NDArray> randomInit = Parameters.scratch(manager, cfg, seed).shared();
          inits.forEach(r -> metaRuns.add(new MetaRun(seed, f, r.algorithm(), r.steps(), r.examples(), r.seconds(),
              r.examplesPerSecond(), r.tenants(), stringKeys(r.adaptRates()))));
          ServedMethod served = o.methods().contains(ServedMethod.NAME)
              ? ServedMethod.prepare(donors, o.served(), seed, checkpoints == null ? null : checkpoints.resolve(label + "-served.zip"), log)
              : null;
          if (served != null) {
            metaRuns.add(served.metaRun(seed, f));
          }
          List<TenantData> tenants = fold.stream().map(heldOutParts::get).toList();
          rows.addAll(evaluateTenants(manager, data.name(), tenants, inits, randomInit, served, o, cfg, seed, log));
        }
      }
    }
    return new BenchmarkReport(data.name(), o, join.isPresent() ? join.getAsLong() : null, eligible, folds, metaRuns, rows);
  }

  private static List<List<String>> folds(Dataset data, BenchmarkOptions o, List<String> eligible, long seed) {
    if (!o.holdoutTenants().isEmpty()) {
      return List.of(HoldoutSelector.byName(data, o.holdoutTenants()));
    }
    if (o.holdoutFraction() != null) {
      return List.of(HoldoutSelector.byFraction(eligible, o.holdoutFraction(), seed));
    }
    return Folds.of(eligible, seed, o.folds());
  }

  private static Map<String, Float> stringKeys(Map<?, Float> m) {
    Map<String, Float> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k.toString().toLowerCase(), v));
    return out;
  }

  static List<MetaTrainer.Result> metaTrain(NDManager manager, List<TenantData> donors, BenchmarkOptions o, ModelConfig cfg,
      long seed, Path checkpoints, String label, Consumer<String> log) throws IOException {
    List<MetaTrainer.Result> out = new ArrayList<>();
    List<String> algorithms = o.methods().stream().filter(MetaTrainer.ALGORITHMS::contains).toList();
    if (algorithms.isEmpty()) {
      return out;
    }
    TaskSampler sampler = new TaskSampler(cfg);
    for (TenantData t : donors) {
      sampler.add(Catalogue.of(t), TimeOrder.order(t, seed));
    }
    if (sampler.tenants() == 0) {
      log.accept(label + ": no training tenant left, skipping meta-learned methods");
      return out;
    }
    MetaTrainer.Options mo = new MetaTrainer.Options(o.meta().maxSteps(), o.meta().maxSeconds(), o.meta().checkpointEvery(),
        seed, o.meta().outerLr(), o.meta().innerSteps(), o.meta().innerLr(), o.meta().patience());
    for (String a : algorithms) {
      Path ckpt = checkpoints == null ? null : checkpoints.resolve(label + "-" + a + ".ckpt");
      MetaTrainer.Result r = MetaTrainer.run(manager, sampler, MetaTrainer.algorithm(a, cfg, mo), cfg, mo, ckpt);
      log.accept(String.format("%s: meta-trained %s, %d steps, %.0f examples/s, %.1f s", label, a, r.steps(),
          r.examplesPerSecond(), r.seconds()));
      out.add(r);
    }
    return out;
  }

  /**
   * Tenants are independent tasks: each runs on its own thread with its own scopes, and their rows
   * are collected in tenant order, so the report does not depend on the thread count.
   */
  private static List<ResultRow> evaluateTenants(NDManager manager, String dataset, List<TenantData> tenants,
      List<MetaTrainer.Result> inits, Map<String, NDArray> randomInit, ServedMethod served, BenchmarkOptions o,
      ModelConfig cfg, long seed, Consumer<String> log) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(o.threads(), tenants.size())), task -> new Thread(() -> {
      // PyTorch's grad mode is per thread and starts enabled; DJL disables it only on the thread that
      // started the engine, and the training code expects it off outside its gradient collectors.
      JniUtils.setGradMode(false);
      task.run();
    }, "evaluate-tenant"));
    try {
      List<Future<List<ResultRow>>> tasks = new ArrayList<>();
      for (TenantData t : tenants) {
        tasks.add(pool.submit(() -> evaluateTenant(manager, dataset, t, inits, randomInit, served, o, cfg, seed, log)));
      }
      List<ResultRow> rows = new ArrayList<>();
      for (Future<List<ResultRow>> task : tasks) {
        rows.addAll(task.get());
      }
      return rows;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("evaluation interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<ResultRow> evaluateTenant(NDManager manager, String dataset, TenantData t, List<MetaTrainer.Result> inits,
      Map<String, NDArray> randomInit, ServedMethod served, BenchmarkOptions o, ModelConfig cfg, long seed, Consumer<String> log) {
    List<ResultRow> rows = new ArrayList<>();
    Events events = TimeOrder.order(t, seed);
    Catalogue catalogue = Catalogue.of(t);
    for (Map.Entry<String, Integer> cut : ProtocolSplit.cutoffs(o.supportSizes(), events.size()).entrySet()) {
      SupportSplit split = ProtocolSplit.split(events, cut.getKey(), cut.getValue(), o.maxTestUsers(), seed);
      if (split.testUsers().isEmpty()) {
        log.accept("  " + t.name() + " @" + cut.getKey() + ": no test users, skipped");
        continue;
      }
      ResultRow pop = SplitEvaluator.evaluate(dataset, catalogue, split, seed, Methods.popularity());
      if (o.methods().contains("popularity")) {
        rows.add(pop);
      }
      for (Recommender m : baselines(o)) {
        rows.add(SplitEvaluator.evaluate(dataset, catalogue, split, seed, m));
      }
      for (AdaptedRecommender m : neural(manager, inits, randomInit, o, cfg)) {
        try (m) {
          ResultRow row = SplitEvaluator.evaluate(dataset, catalogue, split, seed, m);
          rows.add(row);
          rows.add(row.guardedBy(pop));
          if (o.blends()) {
            rows.addAll(blends(dataset, catalogue, split, seed, m));
          }
        }
      }
      if (served != null) {
        rows.add(SplitEvaluator.evaluate(dataset, catalogue, split, seed, served.recommender()));
      }
      StringBuilder line = new StringBuilder(String.format("  %s @%s (%d test users):", t.name(), cut.getKey(), split.testUsers().size()));
      rows.stream().filter(r -> r.supportSize().equals(cut.getKey()) && !r.method().endsWith("+guard"))
          .forEach(r -> line.append(String.format(" %s=%.4f", r.method(), r.ndcg10())));
      log.accept(line.toString());
    }
    return rows;
  }

  /**
   * A diagnostic: the fitted model blended with support popularity at every weight the serving
   * rule can choose ({@code method@lambda}), to see where a model has something to add whatever the
   * evidence decides. Not what a tenant gets: that is {@code served}.
   */
  private static List<ResultRow> blends(String dataset, Catalogue catalogue, SupportSplit split, long seed, AdaptedRecommender m) {
    List<ResultRow> out = new ArrayList<>();
    float[] counts = BlendedRecommender.counts(split.support().items(), catalogue.size());
    for (double lambda : Blend.LAMBDAS) {
      if (lambda > 0 && lambda != Blend.MODEL_ONLY) {
        Recommender blended = new FittedAs(m.name() + "@" + Blend.trim(lambda), new BlendedRecommender(m, counts, lambda));
        out.add(SplitEvaluator.evaluate(dataset, catalogue, split, seed, blended));
      }
    }
    return out;
  }

  /** An already fitted recommender under another name; fitting it again does nothing. */
  private record FittedAs(String name, Recommender fitted) implements Recommender {
    @Override
    public io.warmstart.trainer.eval.FitReport fit(io.warmstart.trainer.eval.FitInput input) {
      return io.warmstart.trainer.eval.FitReport.none();
    }

    @Override
    public float[][] score(List<int[]> contexts) {
      return fitted.score(contexts);
    }
  }

  private static List<Recommender> baselines(BenchmarkOptions o) {
    List<Recommender> out = new ArrayList<>();
    if (o.methods().contains("recpop")) {
      out.add(Methods.recencyPopularity());
    }
    if (o.methods().contains("popcooc")) {
      out.add(Methods.popularityCooccurrence());
    }
    if (o.methods().contains("itemknn")) {
      out.add(Methods.itemKnn());
    }
    for (int days : new int[] {14, 90, 365}) {
      if (o.methods().contains("popularity-" + days + "d")) {
        out.add(new io.warmstart.trainer.baseline.DecayedPopularity(days));
      }
    }
    if (o.methods().contains("ease")) {
      out.add(Methods.ease(o.easeMaxItems()));
    }
    return out;
  }

  private static List<AdaptedRecommender> neural(NDManager manager, List<MetaTrainer.Result> inits,
      Map<String, NDArray> randomInit, BenchmarkOptions o, ModelConfig cfg) {
    List<AdaptedRecommender> out = new ArrayList<>();
    if (o.methods().contains("scratch")) {
      out.add(Methods.scratch(manager, randomInit, cfg));
    }
    for (MetaTrainer.Result r : inits) {
      out.add(Methods.fromInit(manager, r, cfg, o.metaAdaptSteps()));
    }
    return out;
  }
}
