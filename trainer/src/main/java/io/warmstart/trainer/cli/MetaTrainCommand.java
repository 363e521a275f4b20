package io.warmstart.trainer.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.Dataset;
import io.warmstart.trainer.data.DatasetReader;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.meta.MetaTrainer;
import io.warmstart.trainer.meta.TaskSampler;
import io.warmstart.trainer.split.HoldoutSelector;
import io.warmstart.trainer.split.TimeOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Meta-trains an init on all tenants but the held-out ones; rerunning resumes from the checkpoint. */
@Command(name = "meta-train", mixinStandardHelpOptions = true,
    description = "Meta-train a shared init across tenants; writes OUT/meta-init.zip (resumes from OUT/checkpoint.ckpt).")
public final class MetaTrainCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, description = "Dataset folder (interactions.csv, items.csv).")
  Path data;

  @ArgGroup(exclusive = true)
  HoldoutOptions holdout = new HoldoutOptions();

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(names = "--out", required = true)
  Path out;

  @Option(names = "--algorithm", defaultValue = "metasgd", description = "reptile, fomaml, metasgd or pooled (default ${DEFAULT-VALUE}).")
  String algorithm;

  @Option(names = "--max-steps", defaultValue = "400", description = "Meta-steps in total (default ${DEFAULT-VALUE}).")
  int maxSteps;

  @Option(names = "--max-seconds", defaultValue = "600", description = "Wall-time budget of this run (default ${DEFAULT-VALUE}).")
  double maxSeconds;

  @Override
  public Integer call() throws Exception {
    Dataset dataset = DatasetReader.read(data);
    if (holdout == null) {
      holdout = new HoldoutOptions();
    }
    List<String> held = holdout.tenantsOrEmpty().isEmpty()
        ? HoldoutSelector.byFraction(dataset, holdout.fractionOrDefault(), seed)
        : HoldoutSelector.byName(dataset, holdout.tenants);
    ModelConfig cfg = ModelConfig.defaults();
    TaskSampler sampler = new TaskSampler(cfg);
    for (TenantData t : dataset.tenants()) {
      if (!held.contains(t.name())) {
        sampler.add(Catalogue.of(t), TimeOrder.order(t, seed));
      }
    }
    Files.createDirectories(out);
    MetaTrainer.Options d = MetaTrainer.Options.defaults(seed);
    MetaTrainer.Options o = new MetaTrainer.Options(maxSteps, maxSeconds, d.checkpointEvery(), seed, d.outerLr(), d.innerSteps(), d.innerLr());
    try (NDManager manager = NDManager.newBaseManager()) {
      MetaTrainer.Result r = MetaTrainer.run(manager, sampler, MetaTrainer.algorithm(algorithm, cfg, o), cfg, o, out.resolve("checkpoint.ckpt"));
      MetaTrainer.toArtifact(r, cfg, dataset.name()).write(out.resolve("meta-init.zip"));
      Files.writeString(out.resolve("holdout.json"), new GsonBuilder().setPrettyPrinting().create()
          .toJson(Map.of("seed", seed, "holdout_tenants", held)), StandardCharsets.UTF_8);
      System.out.printf("meta-trained %s on %d tenants: %d steps, %.0f examples/s; wrote %s%n", r.algorithm(),
          r.tenants().size(), r.steps(), r.examplesPerSecond(), out.resolve("meta-init.zip"));
    }
    return 0;
  }
}
