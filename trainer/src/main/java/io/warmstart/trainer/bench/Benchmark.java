package io.warmstart.trainer.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.warmstart.trainer.adapt.AdaptedRecommender;
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
import io.warmstart.trainer.split.Events;
import io.warmstart.trainer.split.HoldoutSelector;
import io.warmstart.trainer.split.ProtocolSplit;
import io.warmstart.trainer.split.SupportSplit;
import io.warmstart.trainer.split.TimeOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The `evaluate` loop: per seed, hold out new tenants, meta-train every requested init on the
 * others, then fit and measure every method on every held-out tenant and support size with
 * {@link SplitEvaluator}. One loop for all methods, so every number comes from identical splits.
 */
public final class Benchmark {
  public static final List<String> METHODS =
      List.of("popularity", "itemknn", "ease", "scratch", "pooled", "reptile", "fomaml", "metasgd");

  private Benchmark() {}

  public static BenchmarkReport run(Dataset data, BenchmarkOptions o, ModelConfig cfg, Path checkpoints, Consumer<String> log)
      throws IOException {
    Map<Long, List<String>> holdouts = new LinkedHashMap<>();
    List<MetaRun> metaRuns = new ArrayList<>();
    List<ResultRow> rows = new ArrayList<>();
    for (long seed : o.seeds()) {
      List<String> holdout = o.holdoutTenants().isEmpty()
          ? HoldoutSelector.byFraction(data, o.holdoutFraction(), seed)
          : HoldoutSelector.byName(data, o.holdoutTenants());
      holdouts.put(seed, holdout);
      log.accept("seed " + seed + ": held-out tenants " + holdout);
      try (NDManager manager = NDManager.newBaseManager()) {
        List<MetaTrainer.Result> inits = metaTrain(manager, data, holdout, o, cfg, seed, checkpoints, log);
        Map<String, ai.djl.ndarray.NDArray> randomInit = Parameters.scratch(manager, cfg, seed).shared();
        inits.forEach(r -> metaRuns.add(new MetaRun(seed, r.algorithm(), r.steps(), r.examples(), r.seconds(),
            r.examplesPerSecond(), r.tenants(), stringKeys(r.adaptRates()))));
        rows.addAll(evaluateTenants(manager, data, holdout, inits, randomInit, o, cfg, seed, log));
      }
    }
    return new BenchmarkReport(data.name(), o, holdouts, metaRuns, rows);
  }

  private static Map<String, Float> stringKeys(Map<?, Float> m) {
    Map<String, Float> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k.toString().toLowerCase(), v));
    return out;
  }

  static List<MetaTrainer.Result> metaTrain(NDManager manager, Dataset data, List<String> holdout, BenchmarkOptions o,
      ModelConfig cfg, long seed, Path checkpoints, Consumer<String> log) throws IOException {
    List<MetaTrainer.Result> out = new ArrayList<>();
    List<String> algorithms = o.methods().stream().filter(MetaTrainer.ALGORITHMS::contains).toList();
    if (algorithms.isEmpty()) {
      return out;
    }
    TaskSampler sampler = new TaskSampler(cfg);
    for (TenantData t : data.tenants()) {
      if (!holdout.contains(t.name())) {
        sampler.add(Catalogue.of(t), TimeOrder.order(t, seed));
      }
    }
    if (sampler.tenants() == 0) {
      log.accept("seed " + seed + ": no training tenant left, skipping meta-learned methods");
      return out;
    }
    MetaTrainer.Options mo = new MetaTrainer.Options(o.meta().maxSteps(), o.meta().maxSeconds(), o.meta().checkpointEvery(),
        seed, o.meta().outerLr(), o.meta().innerSteps(), o.meta().innerLr());
    for (String a : algorithms) {
      Path ckpt = checkpoints == null ? null : checkpoints.resolve("seed-" + seed + "-" + a + ".ckpt");
      MetaTrainer.Result r = MetaTrainer.run(manager, sampler, MetaTrainer.algorithm(a, cfg, mo), cfg, mo, ckpt);
      log.accept(String.format("seed %d: meta-trained %s, %d steps, %.0f examples/s, %.1f s", seed, a, r.steps(),
          r.examplesPerSecond(), r.seconds()));
      out.add(r);
    }
    return out;
  }

  /**
   * Tenants are independent tasks: each runs on its own thread with its own scopes, and their rows
   * are collected in tenant order, so the report does not depend on the thread count.
   */
  private static List<ResultRow> evaluateTenants(NDManager manager, Dataset data, List<String> holdout, List<MetaTrainer.Result> inits,
      Map<String, ai.djl.ndarray.NDArray> randomInit, BenchmarkOptions o, ModelConfig cfg, long seed, Consumer<String> log) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(o.threads(), holdout.size())), task -> new Thread(() -> {
      // PyTorch's grad mode is per thread and starts enabled; DJL disables it only on the thread that
      // started the engine, and the training code expects it off outside its gradient collectors.
      JniUtils.setGradMode(false);
      task.run();
    }, "evaluate-tenant"));
    try {
      List<Future<List<ResultRow>>> tasks = new ArrayList<>();
      for (String tenant : holdout) {
        tasks.add(pool.submit(() -> evaluateTenant(manager, data, data.tenant(tenant), inits, randomInit, o, cfg, seed, log)));
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

  private static List<ResultRow> evaluateTenant(NDManager manager, Dataset data, TenantData t, List<MetaTrainer.Result> inits,
      Map<String, ai.djl.ndarray.NDArray> randomInit, BenchmarkOptions o, ModelConfig cfg, long seed, Consumer<String> log) {
    List<ResultRow> rows = new ArrayList<>();
    Events events = TimeOrder.order(t, seed);
    Catalogue catalogue = Catalogue.of(t);
    for (Map.Entry<String, Integer> cut : ProtocolSplit.cutoffs(o.supportSizes(), events.size()).entrySet()) {
      SupportSplit split = ProtocolSplit.split(events, cut.getKey(), cut.getValue(), o.maxTestUsers(), seed);
      if (split.testUsers().isEmpty()) {
        log.accept("  " + t.name() + " @" + cut.getKey() + ": no test users, skipped");
        continue;
      }
      ResultRow pop = SplitEvaluator.evaluate(data.name(), catalogue, split, seed, Methods.popularity());
      rows.add(pop);
      for (Recommender m : baselines(o)) {
        rows.add(SplitEvaluator.evaluate(data.name(), catalogue, split, seed, m));
      }
      for (AdaptedRecommender m : neural(manager, inits, randomInit, o, cfg)) {
        try (m) {
          ResultRow row = SplitEvaluator.evaluate(data.name(), catalogue, split, seed, m);
          rows.add(row);
          rows.add(row.guardedBy(pop));
        }
      }
      StringBuilder line = new StringBuilder(String.format("  %s @%s (%d test users):", t.name(), cut.getKey(), split.testUsers().size()));
      rows.stream().filter(r -> r.supportSize().equals(cut.getKey()) && !r.method().endsWith("+guard"))
          .forEach(r -> line.append(String.format(" %s=%.4f", r.method(), r.ndcg10())));
      log.accept(line.toString());
    }
    return rows;
  }

  private static List<Recommender> baselines(BenchmarkOptions o) {
    List<Recommender> out = new ArrayList<>();
    if (o.methods().contains("itemknn")) {
      out.add(Methods.itemKnn());
    }
    if (o.methods().contains("ease")) {
      out.add(Methods.ease(o.easeMaxItems()));
    }
    return out;
  }

  private static List<AdaptedRecommender> neural(NDManager manager, List<MetaTrainer.Result> inits,
      Map<String, ai.djl.ndarray.NDArray> randomInit, BenchmarkOptions o, ModelConfig cfg) {
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
