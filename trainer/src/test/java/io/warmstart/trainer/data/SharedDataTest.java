package io.warmstart.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.bench.Benchmark;
import io.warmstart.trainer.bench.BenchmarkOptions;
import io.warmstart.trainer.bench.ServedOptions;
import io.warmstart.trainer.bench.Summary;
import io.warmstart.trainer.eval.ResultRow;
import io.warmstart.trainer.meta.MetaTrainer;
import io.warmstart.trainer.split.HoldoutSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads the shared benchmark data when this machine has it; skipped (with a reason) otherwise. */
class SharedDataTest {
  /** shared/ sits beside the checkout (tests run in trainer/, so two levels up). */
  private static final Path ROOT = Path.of(System.getProperty("warmstart.data", "../../shared/data"));

  /**
   * Protocol v3's simple baselines on MovieLens, seeds 1-3, all eligible tenants, against the
   * independent reference table of shared/data/README.md (NDCG@10 at 100 / 500 / 2000 / all).
   */
  @Test
  void reproducesTheReferenceBaselinesOfProtocolV3() throws Exception {
    Path dir = ROOT.resolve("ml-latest-small-genres");
    assumeTrue(Files.isRegularFile(dir.resolve("interactions.csv")),
        "shared data not found at " + dir + " (set -Dwarmstart.data=DIR); skipping");
    Dataset d = DatasetReader.read(dir, List.of("title", "categories"));
    MetaTrainer.Options meta = MetaTrainer.Options.defaults(0);
    BenchmarkOptions o = new BenchmarkOptions(List.of(1L, 2L, 3L),
        List.of("100", "500", "2000", "all"), BenchmarkOptions.JOIN_MEDIAN, 4, null,
        List.of(), 2000, List.of("popularity", "recpop", "popcooc"), meta, 2000, 0, 2,
        List.of("title", "categories"), ServedOptions.defaults(), false);
    List<ResultRow> rows = Benchmark.run(d, o,
        ModelConfig.defaults(), null, line -> {}).results();
    Map<String, double[]> reference = Map.of(
        "popularity", new double[] {0.234, 0.310, 0.354, 0.292},
        "recpop", new double[] {0.212, 0.279, 0.353, 0.294},
        "popcooc", new double[] {0.234, 0.318, 0.357, 0.294});
    String[] sizes = {"100", "500", "2000", "all"};
    reference.forEach((method, values) -> {
      for (int k = 0; k < sizes.length; k++) {
        double mean = Summary.stat(rows, sizes[k], method, ResultRow::ndcg10).mean();
        assertEquals(values[k], mean, 0.003, method + " at " + sizes[k]);
      }
    });
  }

  @Test
  void readsTheShippedLastFmLayoutWithoutTimestamps() throws Exception {
    Path dir = ROOT.resolve("lastfm-genres");
    assumeTrue(Files.isRegularFile(dir.resolve("interactions.csv")),
        "shared data not found at " + dir + " (set -Dwarmstart.data=DIR); skipping");
    Dataset d = DatasetReader.read(dir);
    assertEquals(16, d.tenants().size());
    int rows = d.tenants().stream().mapToInt(TenantData::numInteractions).sum();
    assertEquals(77_510, rows);
    assertTrue(d.tenants().stream().allMatch(t -> t.timestamps()[0] == TenantData.MISSING_TIME));
    assertTrue(d.tenants().stream().filter(HoldoutSelector::eligible).count() >= 10);
  }
}
