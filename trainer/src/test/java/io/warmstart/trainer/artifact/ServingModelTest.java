package io.warmstart.trainer.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import io.warmstart.trainer.adapt.AdaptConfig;
import io.warmstart.trainer.adapt.Adaptation;
import io.warmstart.trainer.adapt.AdaptedArtifact;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.SyntheticGenerator;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.model.Parameters;
import io.warmstart.trainer.split.Events;
import io.warmstart.trainer.split.TimeOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingModelTest {
  @TempDir Path dir;

  @Test
  void scoresLikeTheDjlScorerForGuardedAndUnguardedModels() throws Exception {
    TenantData t = new SyntheticGenerator(5).generate(1, 800, 800, true).tenants().get(0);
    Events support = TimeOrder.order(t, 1);
    ModelConfig cfg = ModelConfig.defaults();
    try (NDManager manager = NDManager.newBaseManager()) {
      Parameters init = Parameters.init(manager, cfg, 1);
      Adaptation.Result r = Adaptation.adapt(manager, init.shared(), Catalogue.of(t), support, AdaptConfig.adam(cfg, 0.01f, 30), 1);
      ModelArtifact adapted = AdaptedArtifact.of(null, "scratch", cfg, Catalogue.of(t), support, r, 0);
      for (boolean guarded : new boolean[] {false, true}) {
        adapted.metadata().getAsJsonObject("guard").addProperty("guarded", guarded);
        byte[] bytes = adapted.toBytes();
        Path file = dir.resolve("model-" + guarded + ".zip");
        Files.write(file, bytes);
        ServingModel serving = ServingModel.read(bytes);
        assertEquals(guarded, serving.guarded());
        assertEquals(t.itemIds(), serving.itemIds());
        assertEquals(cfg.maxContext(), serving.maxContext());
        try (ArtifactScorer scorer = ArtifactScorer.load(file)) {
          for (List<String> context : contexts(t, support)) {
            int[] rows = context.stream().mapToInt(serving::rowOf).toArray();
            float[] expected = scorer.score(context);
            assertArrayEquals(expected, serving.score(rows), 1e-4f, "context " + context);
            assertArrayEquals(expected, serving.scoreInto(rows, new float[serving.size()]), 1e-4f);
            assertPartialScoringAgrees(serving, rows);
            if (!context.isEmpty()) {
              List<String> top = Arrays.stream(serving.recommend(rows, 10)).mapToObj(i -> serving.itemIds().get(i)).toList();
              assertEquals(scorer.recommend(context, 10), top);
            }
          }
        }
      }
      // Not a constant: the context changes the unguarded scores.
      adapted.metadata().getAsJsonObject("guard").addProperty("guarded", false);
      ServingModel serving = ServingModel.of(adapted);
      float[] none = serving.score(new int[0]);
      float[] some = serving.score(new int[] {support.items()[0]});
      assertFalse(Arrays.equals(none, some));
      assertEquals(-1, serving.rowOf("no such item"));
    }
  }

  /**
   * Scoring some rows (what serving does with an index's candidates) gives exactly the full pass's
   * scores, and the index vector's inner product with the query is the model's score without the
   * co-occurrence term.
   */
  private static void assertPartialScoringAgrees(ServingModel serving, int[] context) {
    int n = serving.size();
    float[] popularity = new float[n];
    for (int i = 0; i < n; i++) {
      popularity[i] = (i * 37) % 11;
    }
    float[] full = serving.scoreInto(context, popularity, new float[n]);
    int[] rows = java.util.stream.IntStream.range(0, n).filter(i -> i % 3 != 1).toArray();
    float[] partial = new float[rows.length];
    float[] query = serving.indexQuery(context);
    serving.scoreRows(query, serving.coNeighbours(context), rows, rows.length, popularity, partial);
    for (int k = 0; k < rows.length; k++) {
      assertEquals(full[rows[k]], partial[k], 0f, "row " + rows[k]);
    }
    if (!serving.guarded() && serving.coNeighbours(context).isEmpty() && serving.lambda() == Blend.MODEL_ONLY) {
      float[] plain = serving.score(context);
      for (int row = 0; row < n; row += 17) {
        float[] vector = serving.indexVector(row);
        float dot = 0f;
        for (int j = 0; j < vector.length; j++) {
          dot += vector[j] * query[j];
        }
        assertEquals(plain[row], dot, 1e-4f);
      }
    }
  }

  /** Empty, all-unknown, short, and longer than maxContext with unknown ids mixed in. */
  private static List<List<String>> contexts(TenantData t, Events support) {
    List<List<String>> out = new ArrayList<>();
    out.add(List.of());
    out.add(List.of("unknown-1", "unknown-2"));
    out.add(List.of(t.itemIds().get(support.items()[0])));
    List<String> longer = new ArrayList<>();
    for (int k = 0; k < 35; k++) {
      longer.add(k % 7 == 3 ? "unknown-" + k : t.itemIds().get(support.items()[k]));
    }
    out.add(longer);
    return out;
  }

  @Test
  void artifactBytesRoundTrip() throws Exception {
    ModelConfig cfg = ModelConfig.defaults();
    try (NDManager manager = NDManager.newBaseManager()) {
      Parameters p = Parameters.init(manager, cfg, 4);
      JsonObject meta = ModelArtifact.baseMetadata(ModelArtifact.KIND_META_INIT, cfg);
      byte[] bytes = new ModelArtifact(meta, p.shared(), null).toBytes();
      ModelArtifact back = ModelArtifact.read(bytes, manager);
      assertEquals(ModelArtifact.KIND_META_INIT, back.kind());
      assertEquals(p.shared().keySet(), back.parameters().keySet());
      for (String k : p.shared().keySet()) {
        assertArrayEquals(p.get(k).toFloatArray(), back.parameters().get(k).toFloatArray(), k);
      }
      Path file = dir.resolve("init.zip");
      back.write(file);
      assertTrue(Files.exists(file));
      assertFalse(Files.exists(dir.resolve("init.zip.tmp")), "written via a temporary file, then renamed");
      assertEquals(ModelArtifact.sha256(Files.readAllBytes(file)), ModelArtifact.sha256(file));
    }
  }
}
