package io.warmstart.trainer.cli;

import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.baseline.Ease;
import io.warmstart.trainer.bench.Benchmark;
import io.warmstart.trainer.bench.BenchmarkOptions;
import io.warmstart.trainer.bench.BenchmarkReport;
import io.warmstart.trainer.bench.Plots;
import io.warmstart.trainer.bench.ReportWriter;
import io.warmstart.trainer.data.Dataset;
import io.warmstart.trainer.data.DatasetReader;
import io.warmstart.trainer.meta.MetaTrainer;
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
    description = "Benchmark baselines and meta-learned models on held-out tenants (protocol of shared/data/README.md).")
public final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--data", required = true)
  Path data;

  @ArgGroup(exclusive = true)
  HoldoutOptions holdout = new HoldoutOptions();

  @Option(names = "--seeds", split = ",", defaultValue = "1,2,3")
  List<Long> seeds;

  @Option(names = "--support-sizes", split = ",", defaultValue = "100,500,2000,all")
  List<String> supportSizes;

  @Option(names = "--out", required = true)
  Path out;

  @Option(names = "--methods", split = ",", description = "Subset of popularity,itemknn,ease,scratch,pooled,reptile,fomaml,metasgd (default: all).")
  List<String> methods;

  @Option(names = "--meta-steps", defaultValue = "400", description = "Meta-steps per algorithm and seed (default ${DEFAULT-VALUE}).")
  int metaSteps;

  @Option(names = "--meta-seconds", defaultValue = "60", description = "Wall-time cap per algorithm and seed (default ${DEFAULT-VALUE}).")
  double metaSeconds;

  @Option(names = "--max-test-users", defaultValue = "" + ProtocolSplit.DEFAULT_MAX_TEST_USERS)
  int maxTestUsers;

  @Option(names = "--ease-max-items", defaultValue = "" + Ease.DEFAULT_MAX_ITEMS, description = "Items in EASE's dense solve (default ${DEFAULT-VALUE}).")
  int easeMaxItems;

  @Option(names = "--meta-adapt-steps", defaultValue = "0",
      description = "0: meta-inits adapt with early stopping (default); N: exactly N SGD steps, as in their inner loop.")
  int metaAdaptSteps;

  @Option(names = "--threads", description = "Held-out tenants evaluated in parallel (default: the number of cores).")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    Dataset dataset = DatasetReader.read(data);
    if (holdout == null) {
      holdout = new HoldoutOptions();
    }
    MetaTrainer.Options d = MetaTrainer.Options.defaults(0);
    BenchmarkOptions o = new BenchmarkOptions(seeds, supportSizes, holdout.fractionOrDefault(), holdout.tenantsOrEmpty(),
        maxTestUsers, methods == null ? Benchmark.METHODS : methods,
        new MetaTrainer.Options(metaSteps, metaSeconds, d.checkpointEvery(), 0, d.outerLr(), d.innerSteps(), d.innerLr()), easeMaxItems, metaAdaptSteps,
        threads == null ? Runtime.getRuntime().availableProcessors() : threads);
    Files.createDirectories(out);
    long start = System.nanoTime();
    BenchmarkReport report = Benchmark.run(dataset, o, ModelConfig.defaults(), out.resolve("checkpoints"), System.err::println);
    ReportWriter.writeJson(report, out.resolve("report.json"));
    ReportWriter.writeMarkdown(report, out.resolve("report.md"));
    Plots.ndcgVsSupport(report, out.resolve("ndcg_vs_support.png"));
    String stepsAt = supportSizes.contains("500") ? "500" : supportSizes.get(0);
    Plots.ndcgVsSteps(report, out.resolve("ndcg_vs_steps.png"), stepsAt);
    System.out.printf("evaluated %d rows in %.0f s; wrote %s%n", report.results().size(), (System.nanoTime() - start) / 1e9,
        out.resolve("report.md"));
    return 0;
  }
}
