package io.warmstart.trainer.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.SyntheticGenerator;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.split.TimeOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetaTrainerTest {
  @TempDir Path dir;

  private static TaskSampler sampler(ModelConfig cfg) {
    TaskSampler s = new TaskSampler(cfg);
    for (TenantData t : new SyntheticGenerator(4).generate(3, 500, 1200, true).tenants()) {
      s.add(Catalogue.of(t), TimeOrder.order(t, 1));
    }
    return s;
  }

  @ParameterizedTest
  @ValueSource(strings = {"reptile", "fomaml", "metasgd", "pooled"})
  void interruptedMetaTrainingResumesExactly(String algorithm) throws Exception {
    ModelConfig cfg = ModelConfig.defaults();
    TaskSampler s = sampler(cfg);
    MetaTrainer.Options full = new MetaTrainer.Options(6, 600, 2, 3, 1e-3f, 2, 0.1f);
    MetaTrainer.Options half = new MetaTrainer.Options(3, 600, 2, 3, 1e-3f, 2, 0.1f);
    try (NDManager m = NDManager.newBaseManager()) {
      List<Integer> steps = new ArrayList<>();
      // A listener only observes: the uninterrupted run below is compared with one without it.
      MetaTrainer.Result straight = MetaTrainer.run(m, s, MetaTrainer.algorithm(algorithm, cfg, full), cfg, full, dir.resolve("a.ckpt"),
          (step, seconds) -> steps.add(step));
      assertEquals(List.of(1, 2, 3, 4, 5, 6), steps);
      MetaTrainer.run(m, s, MetaTrainer.algorithm(algorithm, cfg, half), cfg, half, dir.resolve("b.ckpt"));
      MetaTrainer.Result resumed = MetaTrainer.run(m, s, MetaTrainer.algorithm(algorithm, cfg, full), cfg, full, dir.resolve("b.ckpt"));
      assertEquals(6, resumed.steps());
      for (String k : straight.init().keySet()) {
        assertArrayEquals(straight.init().get(k).toFloatArray(), resumed.init().get(k).toFloatArray(), 1e-5f, k);
      }
      assertTrue(straight.examplesPerSecond() > 0);
      assertEquals(straight.adaptRates(), resumed.adaptRates());
    }
  }
}
