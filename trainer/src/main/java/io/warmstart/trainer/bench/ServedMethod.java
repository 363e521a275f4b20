package io.warmstart.trainer.bench;

import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.eval.Recommender;
import io.warmstart.trainer.service.MetaTraining;
import io.warmstart.trainer.service.ServedRecommender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The benchmark's {@code served}: per fold, the platform's meta-training ({@link MetaTraining}) on
 * the donors' data, then, per held-out tenant and support, what the platform would serve
 * ({@link ServedRecommender}). The meta-init is cached per fold when a file is given, since it is
 * the costly part and a rerun of the same evaluation gets the same one.
 */
final class ServedMethod {
  static final String NAME = "served";

  private final byte[] metaInit;
  private final int minEvents;
  private final MetaTraining.Outcome outcome;

  private ServedMethod(byte[] metaInit, int minEvents, MetaTraining.Outcome outcome) {
    this.metaInit = metaInit;
    this.minEvents = minEvents;
    this.outcome = outcome;
  }

  static ServedMethod prepare(List<TenantData> donors, ServedOptions o, long seed, Path cache, Consumer<String> log)
      throws IOException {
    if (cache != null && Files.exists(cache)) {
      log.accept("served: meta-init from " + cache);
      return new ServedMethod(Files.readAllBytes(cache), o.minEvents(), null);
    }
    MetaTraining.Outcome out = MetaTraining.train(donors, null, o.metaTraining().withSeed(seed), null);
    log.accept(String.format("served: meta-trained %s, %d steps, %.1f s; %s", out.algorithm(), out.steps(), out.seconds(),
        out.reason()));
    if (out.evidence() != null) {
      out.evidence().describe().forEach((n, line) -> log.accept("  evidence @" + n + ": " + line));
    }
    if (cache != null) {
      Files.createDirectories(cache.toAbsolutePath().getParent());
      Files.write(cache, out.artifact());
    }
    return new ServedMethod(out.artifact(), o.minEvents(), out);
  }

  /** A fresh recommender per use: fitting keeps per-tenant state. */
  Recommender recommender() {
    return new ServedRecommender(metaInit, minEvents);
  }

  MetaRun metaRun(long seed, int fold) {
    if (outcome == null) {
      return new MetaRun(seed, fold, NAME, 0, 0, 0, 0, List.of(), java.util.Map.of());
    }
    return new MetaRun(seed, fold, NAME + ":" + outcome.algorithm(), outcome.steps(), 0, outcome.seconds(), 0,
        outcome.trainingTenants(), java.util.Map.of());
  }
}
