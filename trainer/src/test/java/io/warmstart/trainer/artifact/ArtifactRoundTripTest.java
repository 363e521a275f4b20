package io.warmstart.trainer.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import io.warmstart.trainer.adapt.AdaptConfig;
import io.warmstart.trainer.adapt.Adaptation;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.SyntheticGenerator;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.model.NeuralModel;
import io.warmstart.trainer.model.Parameters;
import io.warmstart.trainer.split.Events;
import io.warmstart.trainer.split.TimeOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactRoundTripTest {
  @TempDir Path dir;

  @Test
  void adaptedArtifactScoresLikeTheTrainingCode() throws IOException {
    TenantData t = new SyntheticGenerator(5).generate(1, 800, 800, true).tenants().get(0);
    Events support = TimeOrder.order(t, 1);
    ModelConfig cfg = ModelConfig.defaults();
    try (NDManager manager = NDManager.newBaseManager()) {
      Parameters init = Parameters.init(manager, cfg, 1);
      Adaptation.Result r = Adaptation.adapt(manager, init.shared(), Catalogue.of(t), support, AdaptConfig.adam(cfg, 0.01f, 30), 1);
      JsonObject meta = ModelArtifact.baseMetadata(ModelArtifact.KIND_ADAPTED, cfg);
      JsonObject guard = new JsonObject();
      guard.addProperty("guarded", false);
      meta.add("guard", guard);
      int[] counts = new int[t.numItems()];
      Arrays.stream(support.items()).forEach(i -> counts[i]++);
      Path file = dir.resolve("model.zip");
      new ModelArtifact(meta, r.parameters().arrays(), new TenantItems(t.itemIds(), r.servingInputs().tokens(),
          r.servingInputs().features(), counts, r.servingInputs().neighbours())).write(file);

      int[] context = {support.items()[0], support.items()[1]};
      float[] expected = NeuralModel.scoreAll(r.parameters(), r.servingInputs(), List.of(context), cfg)[0];
      try (ArtifactScorer scorer = ArtifactScorer.load(file)) {
        assertEquals(ModelArtifact.FORMAT_VERSION, scorer.artifact().metadata().get("format_version").getAsInt());
        assertEquals(cfg, scorer.artifact().config());
        float[] got = scorer.score(List.of(t.itemIds().get(context[0]), t.itemIds().get(context[1])));
        assertArrayEquals(expected, got, 1e-4f);
        List<String> top = scorer.recommend(List.of(t.itemIds().get(context[0])), 5);
        assertEquals(5, top.size());
      }
    }
  }

  @Test
  void metaInitRoundTripsAndNewerFormatsAreRejected() throws IOException {
    ModelConfig cfg = ModelConfig.defaults();
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, ai.djl.ndarray.NDArray> shared = Parameters.init(manager, cfg, 2).shared();
      Path file = dir.resolve("init.zip");
      new ModelArtifact(ModelArtifact.baseMetadata(ModelArtifact.KIND_META_INIT, cfg), shared, null).write(file);
      ModelArtifact back = ModelArtifact.read(file, manager);
      assertEquals(shared.keySet(), back.parameters().keySet());
      for (String k : shared.keySet()) {
        assertArrayEquals(shared.get(k).toFloatArray(), back.parameters().get(k).toFloatArray());
      }
      JsonObject future = ModelArtifact.baseMetadata(ModelArtifact.KIND_META_INIT, cfg);
      future.addProperty("format_version", ModelArtifact.FORMAT_VERSION + 1);
      Path newer = dir.resolve("newer.zip");
      new ModelArtifact(future, shared, null).write(newer);
      assertThrows(IOException.class, () -> ModelArtifact.read(newer, manager));
    }
  }
}
