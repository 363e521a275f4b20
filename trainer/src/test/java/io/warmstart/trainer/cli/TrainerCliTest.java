package io.warmstart.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.warmstart.trainer.artifact.ArtifactScorer;
import io.warmstart.trainer.data.SyntheticGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three commands end to end on a small synthetic dataset without timestamps. */
class TrainerCliTest {
  @TempDir Path dir;

  @Test
  void metaTrainAdaptAndEvaluateProduceTheirArtifacts() throws Exception {
    Path data = dir.resolve("data");
    SyntheticGenerator.writeCsv(new SyntheticGenerator(9).generate(5, 400, 1500, false), data);

    Path metaOut = dir.resolve("meta");
    assertEquals(0, TrainerCli.run("meta-train", "--data", data.toString(), "--holdout-tenants", "tenant-4",
        "--seed", "1", "--out", metaOut.toString(), "--max-steps", "4"));
    assertTrue(Files.exists(metaOut.resolve("meta-init.zip")));
    assertTrue(Files.exists(metaOut.resolve("checkpoint.ckpt")));

    Path model = dir.resolve("tenant-4.zip");
    assertEquals(0, TrainerCli.run("adapt", "--init", metaOut.resolve("meta-init.zip").toString(), "--data", data.toString(),
        "--tenant", "tenant-4", "--out", model.toString()));
    try (ArtifactScorer scorer = ArtifactScorer.load(model)) {
      JsonObject meta = scorer.artifact().metadata();
      assertEquals("adapted", meta.get("kind").getAsString());
      assertEquals(64, meta.getAsJsonObject("parent").get("sha256").getAsString().length());
      assertTrue(meta.getAsJsonObject("guard").has("guarded"));
      assertEquals(10, scorer.recommend(List.of(scorer.artifact().items().ids().get(0)), 10).size());
    }

    Path report = dir.resolve("report");
    assertEquals(0, TrainerCli.run("evaluate", "--data", data.toString(), "--holdout-fraction", "0.4", "--seeds", "1,2",
        "--support-sizes", "100,all", "--out", report.toString(), "--meta-steps", "3", "--max-test-users", "50"));
    JsonObject json = JsonParser.parseString(Files.readString(report.resolve("report.json"))).getAsJsonObject();
    JsonArray results = json.getAsJsonArray("results");
    assertTrue(results.size() > 0);
    JsonObject first = results.get(0).getAsJsonObject();
    for (String key : List.of("dataset", "tenant", "seed", "support_size", "method", "ndcg@10", "recall@20", "hr@10",
        "coverage", "adapt_seconds", "returning", "new")) {
      assertTrue(first.has(key), "report.json rows carry " + key);
    }
    long methods = results.asList().stream().map(r -> r.getAsJsonObject().get("method").getAsString()).distinct().count();
    assertEquals(7, methods, "popularity, recpop, popcooc, ease, metasgd (and metasgd+guard), served by default");
    assertTrue(json.getAsJsonObject("summary").getAsJsonArray("v3").size() > 0, "protocol v3's summary of served");
    assertTrue(Files.size(report.resolve("report.md")) > 0);
    assertTrue(Files.size(report.resolve("ndcg_vs_support.png")) > 0);
    assertTrue(Files.size(report.resolve("ndcg_vs_steps.png")) > 0);
    assertTrue(Files.size(report.resolve("ratio_vs_support.png")) > 0);
  }
}
