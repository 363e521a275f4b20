package io.warmstart.trainer.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.warmstart.trainer.artifact.ModelArtifact;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.model.Adam;
import io.warmstart.trainer.model.ParamGroup;
import io.warmstart.trainer.model.Parameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The meta-training loop shared by all algorithms: sample a task, let the algorithm update the
 * init, checkpoint every so often. Step k always uses Random(seed, k), so a run resumed from a
 * checkpoint continues exactly as if it had not been interrupted.
 */
public final class MetaTrainer {
  public static final List<String> ALGORITHMS = List.of("reptile", "fomaml", "metasgd", "pooled");
  private static final Gson GSON = new Gson();

  /**
   * @param maxSteps meta-steps (tasks) to run in total
   * @param maxSeconds wall-time budget of this invocation (a resumed run gets a fresh budget)
   * @param patience 0: run the whole budget; N: stop once the init's loss on a fixed set of held-aside
   *     tasks has not improved by {@link #MIN_IMPROVEMENT} for N checks ({@link #CHECK_EVERY} steps
   *     apart), so the budget follows convergence rather than a clock; {@code maxSteps} then caps it
   */
  public record Options(int maxSteps, double maxSeconds, int checkpointEvery, long seed, float outerLr, int innerSteps,
      float innerLr, int patience) {
    public static final int CHECK_EVERY = 100;
    public static final double MIN_IMPROVEMENT = 0.005;
    static final int CHECK_TASKS = 32;

    public Options(int maxSteps, double maxSeconds, int checkpointEvery, long seed, float outerLr, int innerSteps, float innerLr) {
      this(maxSteps, maxSeconds, checkpointEvery, seed, outerLr, innerSteps, innerLr, 0);
    }

    public static Options defaults(long seed) {
      return new Options(400, 60, 50, seed, 3e-3f, 5, 0.3f, 0);
    }

    public Options withPatience(int checks) {
      return new Options(maxSteps, maxSeconds, checkpointEvery, seed, outerLr, innerSteps, innerLr, checks);
    }
  }

  /** The learned init (shared tensors on the caller's manager) and what it took to learn it. */
  public record Result(
      String algorithm, Map<String, NDArray> init, Map<ParamGroup, Float> adaptRates, boolean adaptWithAdam,
      int steps, long examples, double seconds, List<String> tenants, long trainingEvents) {
    public double examplesPerSecond() {
      return seconds > 0 ? examples / seconds : 0;
    }
  }

  /** Told after every meta-step; must not touch the tensors. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param step meta-steps done in total (a resumed run starts past 0)
     * @param seconds wall time of this invocation so far (what {@link Options#maxSeconds} bounds)
     */
    void afterStep(int step, double seconds);
  }

  private MetaTrainer() {}

  public static MetaAlgorithm algorithm(String name, ModelConfig cfg, Options o) {
    return switch (name) {
      case "reptile" -> new Reptile(cfg, o.innerSteps(), o.innerLr());
      case "fomaml" -> new FirstOrderMaml(cfg, o.innerSteps(), o.innerLr());
      case "metasgd" -> new MetaSgd(cfg, o.innerSteps(), o.innerLr());
      case "pooled" -> new PooledTraining(cfg, 0.01f);
      default -> throw new IllegalArgumentException("unknown algorithm '" + name + "', expected one of " + ALGORITHMS);
    };
  }

  public static Result run(
      NDManager manager, TaskSampler sampler, MetaAlgorithm algo, ModelConfig cfg, Options o, Path checkpoint) throws IOException {
    return run(manager, sampler, algo, cfg, o, checkpoint, null);
  }

  /** As above, reporting each step to {@code listener} (nullable); the run itself is unchanged. */
  public static Result run(NDManager manager, TaskSampler sampler, MetaAlgorithm algo, ModelConfig cfg, Options o,
      Path checkpoint, Listener listener) throws IOException {
    Parameters meta = Parameters.init(manager, cfg, o.seed());
    Map<String, Float> outerRates = new HashMap<>();
    meta.arrays().keySet().forEach(k -> outerRates.put(k, o.outerLr()));
    int step = 0;
    long examples = 0;
    double seconds = 0;
    try (Adam outer = new Adam(manager, outerRates)) {
      if (checkpoint != null && Files.exists(checkpoint)) {
        Resumed r = resume(checkpoint, manager, meta, outer, algo);
        step = r.step;
        examples = r.examples;
        seconds = r.seconds;
      }
      long start = System.nanoTime();
      double before = seconds;
      Convergence convergence = o.patience() > 0 ? new Convergence(sampler, cfg, o) : null;
      while (step < o.maxSteps() && (System.nanoTime() - start) / 1e9 < o.maxSeconds()) {
        if (convergence != null && step % Options.CHECK_EVERY == 0 && convergence.converged(manager, meta)) {
          break;
        }
        Random random = new Random(o.seed() * 1_000_003L + step);
        MetaTask task = sampler.sample(random);
        examples += algo.step(meta.manager(), meta.arrays(), task, random, outer);
        step++;
        seconds = before + (System.nanoTime() - start) / 1e9;
        if (checkpoint != null && (step % o.checkpointEvery() == 0 || step == o.maxSteps())) {
          saveCheckpoint(checkpoint, cfg, meta, outer, algo, step, examples, seconds, o.seed());
        }
        if (listener != null) {
          listener.afterStep(step, seconds - before);
        }
      }
      if (checkpoint != null) {
        saveCheckpoint(checkpoint, cfg, meta, outer, algo, step, examples, seconds, o.seed());
      }
    }
    Map<String, NDArray> init = new LinkedHashMap<>();
    meta.arrays().forEach((k, v) -> {
      NDArray c = v.duplicate();
      c.attach(manager);
      init.put(k, c);
    });
    meta.close();
    return new Result(algo.name(), init, algo.innerRates(), algo.adaptsWithAdam(), step, examples, seconds,
        sampler.tenantNames(), sampler.totalEvents());
  }

  /**
   * Tracks the init's zero-shot query loss on tasks drawn once with their own seed (so every check
   * scores the same tasks and negatives); converged after {@code patience} checks without a relative
   * improvement of {@link Options#MIN_IMPROVEMENT}. A resumed run starts tracking afresh.
   */
  private static final class Convergence {
    private final List<MetaTask> tasks = new java.util.ArrayList<>();
    private final ModelConfig cfg;
    private final long seed;
    private final int patience;
    private double best = Double.POSITIVE_INFINITY;
    private int stale;

    Convergence(TaskSampler sampler, ModelConfig cfg, Options o) {
      Random r = new Random(o.seed() ^ 0x2545F4914F6CDD1DL);
      for (int k = 0; k < Options.CHECK_TASKS; k++) {
        tasks.add(sampler.sample(r));
      }
      this.cfg = cfg;
      this.seed = o.seed();
      this.patience = o.patience();
    }

    boolean converged(NDManager manager, Parameters meta) {
      double loss = 0;
      for (int k = 0; k < tasks.size(); k++) {
        MetaTask t = tasks.get(k);
        try (Parameters p = Parameters.forTenant(manager, meta.arrays(), t.numItems())) {
          io.warmstart.trainer.model.TrainingData q = t.query().size() > 0 ? t.query() : t.support();
          loss += io.warmstart.trainer.model.NeuralModel.evalLoss(p, q.inputs().get(0), q.examples().get(0), new Random(seed + k), cfg);
        }
      }
      loss /= tasks.size();
      if (loss < best * (1 - Options.MIN_IMPROVEMENT)) {
        best = loss;
        stale = 0;
        return false;
      }
      return ++stale >= patience;
    }
  }

  private record Resumed(int step, long examples, double seconds) {}

  private static Resumed resume(Path file, NDManager manager, Parameters meta, Adam outer, MetaAlgorithm algo) throws IOException {
    try (NDManager tmp = manager.newSubManager()) {
      ModelArtifact a = ModelArtifact.read(file, tmp);
      JsonObject m = a.metadata();
      if (!m.get("algorithm").getAsString().equals(algo.name())) {
        throw new IOException("checkpoint " + file + " is for " + m.get("algorithm") + ", not " + algo.name());
      }
      Map<String, NDArray> first = new HashMap<>();
      Map<String, NDArray> second = new HashMap<>();
      a.parameters().forEach((k, v) -> {
        if (k.startsWith("adam.m.")) {
          first.put(k.substring(7), v);
        } else if (k.startsWith("adam.v.")) {
          second.put(k.substring(7), v);
        } else {
          meta.get(k).set(new ai.djl.ndarray.index.NDIndex(":"), v);
        }
      });
      outer.load(first, second, m.get("adam_steps").getAsInt());
      if (algo instanceof MetaSgd sgd && m.has("meta_sgd")) {
        sgd.loadState(m.getAsJsonObject("meta_sgd"));
      }
      return new Resumed(m.get("step").getAsInt(), m.get("examples").getAsLong(), m.get("seconds").getAsDouble());
    }
  }

  private static void saveCheckpoint(Path file, ModelConfig cfg, Parameters meta, Adam outer, MetaAlgorithm algo,
      int step, long examples, double seconds, long seed) throws IOException {
    JsonObject m = ModelArtifact.baseMetadata("checkpoint", cfg);
    m.addProperty("algorithm", algo.name());
    m.addProperty("step", step);
    m.addProperty("examples", examples);
    m.addProperty("seconds", seconds);
    m.addProperty("seed", seed);
    m.addProperty("adam_steps", outer.steps());
    if (algo instanceof MetaSgd sgd) {
      m.add("meta_sgd", sgd.saveState());
    }
    Map<String, NDArray> all = new LinkedHashMap<>(meta.arrays());
    outer.firstMoments().forEach((k, v) -> all.put("adam.m." + k, v));
    outer.secondMoments().forEach((k, v) -> all.put("adam.v." + k, v));
    new ModelArtifact(m, all, null).write(file);
  }

  /** The meta-init artifact: shared parameters plus how to adapt them. */
  public static ModelArtifact toArtifact(Result r, ModelConfig cfg, String dataset) {
    JsonObject m = ModelArtifact.baseMetadata(ModelArtifact.KIND_META_INIT, cfg);
    m.addProperty("method", r.algorithm());
    m.add("parent", null);
    JsonObject data = new JsonObject();
    data.addProperty("dataset", dataset);
    data.add("tenants", GSON.toJsonTree(r.tenants()));
    data.addProperty("events", r.trainingEvents());
    m.add("data", data);
    JsonObject metrics = new JsonObject();
    metrics.addProperty("meta_steps", r.steps());
    metrics.addProperty("examples", r.examples());
    metrics.addProperty("seconds", r.seconds());
    metrics.addProperty("examples_per_second", r.examplesPerSecond());
    m.add("metrics", metrics);
    JsonObject adapt = new JsonObject();
    adapt.addProperty("optimizer", r.adaptWithAdam() ? "adam" : "sgd");
    adapt.add("learning_rates", GSON.toJsonTree(r.adaptRates()));
    m.add("adapt", adapt);
    return new ModelArtifact(m, r.init(), null);
  }
}
