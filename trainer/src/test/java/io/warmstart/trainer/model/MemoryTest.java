package io.warmstart.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.Dataset;
import io.warmstart.trainer.data.SyntheticGenerator;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.meta.MetaTrainer;
import io.warmstart.trainer.meta.TaskSampler;
import io.warmstart.trainer.split.TimeOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Native memory must stay flat over long loops: no NDArray survives a step unless meant to. */
class MemoryTest {
  @Test
  void metaTrainingKeepsArrayCountAndRssFlat() throws IOException {
    Dataset d = new SyntheticGenerator(11).generate(4, 600, 1500, true);
    ModelConfig cfg = ModelConfig.defaults();
    TaskSampler sampler = new TaskSampler(cfg);
    for (TenantData t : d.tenants()) {
      sampler.add(Catalogue.of(t), TimeOrder.order(t, 1));
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      // Allocator pools and the Java heap make RSS rise at first; a leak keeps rising linearly.
      // So: warm up, then compare the growth of two equal windows of meta-steps.
      long[] rss = new long[4];
      int[] arrays = new int[4];
      for (int w = 0; w < 4; w++) {
        MetaTrainer.Options o = new MetaTrainer.Options(w == 0 ? 100 : 150, 600, 1000, w, 1e-3f, 3, 0.1f);
        MetaTrainer.run(manager, sampler, MetaTrainer.algorithm("metasgd", cfg, o), cfg, o, null).init().values().forEach(a -> a.close());
        System.gc();
        rss[w] = rssKb() / 1024;
        arrays[w] = manager.getManagedArrays().size();
      }
      System.out.printf("arrays %s, RSS MB %s over windows of 150 meta-steps%n", java.util.Arrays.toString(arrays), java.util.Arrays.toString(rss));
      assertEquals(arrays[1], arrays[3], "arrays left behind by meta-training");
      assertTrue(rss[3] - rss[2] < 48, "RSS still growing: " + java.util.Arrays.toString(rss) + " MB");
    }
  }

  private static long rssKb() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return 0;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D+", ""));
      }
    }
    return 0;
  }
}
