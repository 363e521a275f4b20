package io.warmstart.trainer.cli;

import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.baseline.Ease;
import io.warmstart.trainer.bench.Benchmark;
import io.warmstart.trainer.bench.BenchmarkOptions;
import io.warmstart.trainer.bench.BenchmarkReport;
import io.warmstart.trainer.bench.Plots;
import io.warmstart.trainer.bench.ReportWriter;
import io.warmstart.trainer.bench.ServedOptions;
import io.warmstart.trainer.data.Dataset;
import io.warmstart.trainer.data.DatasetReader;
import io.warmstart.trainer.meta.MetaTrainer;
import io.warmstart.trainer.service.MetaTraining;
import io.warmstart.trainer.split.Folds;
import io.warmstart.trainer.split.ProtocolSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs every method on held-out tenants and writes report.json, report.md and PNG plots. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Benchmark baselines, meta-learned models and what the platform serves on held-out tenants "
        + "(protocol v3 of shared/data/README.md).")
public final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--data", required = true)
  Path data;

  @ArgGroup(exclusive = true)
  HoldoutOptions holdout = new HoldoutOptions();

  @Option(names = "--join-time", defaultValue = BenchmarkOptions.JOIN_MEDIAN,
      description = "median (default; donors keep rows before the median timestamp, held-out tenants rows from it on; "
          + "only where every row has a timestamp) or none.")
  String joinTime;

  @Option(names = "--folds", defaultValue = "" + Folds.DEFAULT_FOLDS,
      description = "Folds of eligible tenants per seed, each held out once (leave-one-out below 8 tenants; default ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--content", split = ",", defaultValue = "title,categories",
      description = "Item content methods may read: title, categories, tags (default ${DEFAULT-VALUE}: tags were "
          + "aggregated over the whole log).")
  List<String> content;

  @Option(names = "--seeds", split = ",", defaultValue = "1,2,3")
  List<Long> seeds;

  @Option(names = "--support-sizes", split = ",", defaultValue = "100,500,2000,all")
  List<String> supportSizes;

  @Option(names = "--out", required = true)
  Path out;

  @Option(names = "--methods", split = ",",
      description = "Subset of popularity,recpop,popcooc,itemknn,ease,scratch,pooled,reptile,fomaml,metasgd,served,"
          + "popularity-14d,popularity-90d,popularity-365d "
          + "(default: popularity,recpop,popcooc,ease,metasgd,served).")
  List<String> methods;

  @Option(names = "--meta-steps", defaultValue = "3000", description = "Meta-steps per algorithm and fold (default ${DEFAULT-VALUE}).")
  int metaSteps;

  @Option(names = "--meta-seconds", defaultValue = "600", description = "Wall-time cap per algorithm and fold (default ${DEFAULT-VALUE}).")
  double metaSeconds;

  @Option(names = "--meta-patience", defaultValue = "5",
      description = "Meta-training stops after this many checks (every 100 steps) without a 0.5% better loss on held-aside "
          + "tasks; 0 runs the whole budget (default ${DEFAULT-VALUE}).")
  int metaPatience;

  @Option(names = "--model-off", split = ",",
      description = "Model parts to switch off, for an ablation: horizons, cooc (default: none).")
  List<String> modelOff;

  @Option(names = "--served-folds", defaultValue = "4",
      description = "served: cross-validation folds of the platform's meta-training over the donors (default ${DEFAULT-VALUE}).")
  int servedFolds;

  @Option(names = "--min-events", defaultValue = "" + ServedOptions.DEFAULT_MIN_EVENTS,
      description = "served: the platform's onboarding threshold (default ${DEFAULT-VALUE}).")
  int minEvents;

  @Option(names = "--max-test-users", defaultValue = "" + ProtocolSplit.DEFAULT_MAX_TEST_USERS)
  int maxTestUsers;

  @Option(names = "--ease-max-items", defaultValue = "" + Ease.DEFAULT_MAX_ITEMS, description = "Items in EASE's dense solve (default ${DEFAULT-VALUE}).")
  int easeMaxItems;

  @Option(names = "--meta-adapt-steps", defaultValue = "0",
      description = "0: meta-inits adapt with early stopping (default); N: exactly N SGD steps, as in their inner loop.")
  int metaAdaptSteps;

  @Option(names = "--blends", description = "Diagnostic: also report each meta-learned model blended with popularity "
      + "at every weight the serving rule can choose (method@lambda).")
  boolean blends;

  @Option(names = "--threads", description = "Held-out tenants evaluated in parallel (default: the number of cores).")
  Integer threads;

  static final List<String> DEFAULT_METHODS = List.of("popularity", "recpop", "popcooc", "ease", "metasgd", "served");

  @Override
  public Integer call() throws Exception {
    if (!List.of(BenchmarkOptions.JOIN_MEDIAN, BenchmarkOptions.JOIN_NONE).contains(joinTime)) {
      throw new IllegalArgumentException("--join-time must be median or none, got '" + joinTime + "'");
    }
    Dataset dataset = DatasetReader.read(data, content);
    if (holdout == null) {
      holdout = new HoldoutOptions();
    }
    List<String> run = methods == null ? DEFAULT_METHODS : methods;
    for (String m : run) {
      if (!Benchmark.METHODS.contains(m)) {
        throw new IllegalArgumentException("unknown method '" + m + "', expected some of " + Benchmark.METHODS);
      }
    }
    MetaTrainer.Options d = MetaTrainer.Options.defaults(0);
    ModelConfig model = ModelConfig.without(modelOff == null ? List.of() : modelOff);
    ServedOptions served = new ServedOptions(new MetaTraining.Options("metasgd", metaSteps, metaSeconds * (servedFolds + 1), 0,
        servedFolds, model, metaPatience), minEvents);
    BenchmarkOptions o = new BenchmarkOptions(seeds, supportSizes, joinTime, folds, holdout.fractionOrNull(),
        holdout.tenantsOrEmpty(), maxTestUsers, run,
        new MetaTrainer.Options(metaSteps, metaSeconds, d.checkpointEvery(), 0, d.outerLr(), d.innerSteps(), d.innerLr(),
            metaPatience),
        easeMaxItems, metaAdaptSteps, threads == null ? Runtime.getRuntime().availableProcessors() : threads, content, served, blends);
    Files.createDirectories(out);
    long start = System.nanoTime();
    BenchmarkReport report = Benchmark.run(dataset, o, model, out.resolve("checkpoints"), System.err::println);
    ReportWriter.writeJson(report, out.resolve("report.json"));
    ReportWriter.writeMarkdown(report, out.resolve("report.md"));
    Plots.ndcgVsSupport(report, out.resolve("ndcg_vs_support.png"));
    Plots.ratioVsSupport(report, out.resolve("ratio_vs_support.png"));
    String stepsAt = supportSizes.contains("500") ? "500" : supportSizes.get(0);
    Plots.ndcgVsSteps(report, out.resolve("ndcg_vs_steps.png"), stepsAt);
    System.out.printf("evaluated %d rows in %.0f s; wrote %s%n", report.results().size(), (System.nanoTime() - start) / 1e9,
        out.resolve("report.md"));
    return 0;
  }
}
