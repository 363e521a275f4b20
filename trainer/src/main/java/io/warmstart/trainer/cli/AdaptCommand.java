package io.warmstart.trainer.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import io.warmstart.trainer.adapt.AdaptConfig;
import io.warmstart.trainer.adapt.Adaptation;
import io.warmstart.trainer.artifact.ModelArtifact;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.artifact.TenantItems;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.DatasetReader;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.eval.FitReport;
import io.warmstart.trainer.split.Events;
import io.warmstart.trainer.split.TimeOrder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Adapts a meta-init to one tenant's events and writes a servable artifact. */
@Command(name = "adapt", mixinStandardHelpOptions = true,
    description = "Adapt a meta-init to a tenant; writes an adapted model artifact (zip).")
public final class AdaptCommand implements Callable<Integer> {
  @Option(names = "--init", required = true, description = "meta-init.zip written by meta-train.")
  Path init;

  @Option(names = "--data", required = true)
  Path data;

  @Option(names = "--tenant", required = true)
  String tenant;

  @Option(names = "--out", required = true)
  Path out;

  @Option(names = "--seed", defaultValue = "1", description = "Orders events when the data has no timestamps.")
  long seed;

  @Option(names = "--support-size", description = "Use only the first N events (default: all).")
  Integer supportSize;

  @Override
  public Integer call() throws Exception {
    TenantData t = DatasetReader.read(data).tenant(tenant);
    Events events = TimeOrder.order(t, seed);
    Events support = supportSize == null ? events : events.prefix(supportSize);
    try (NDManager manager = NDManager.newBaseManager()) {
      ModelArtifact meta = ModelArtifact.read(init, manager);
      ModelConfig cfg = meta.config();
      AdaptConfig ac = AdaptConfig.fromMetadata(meta.metadata(), cfg);
      long start = System.nanoTime();
      Adaptation.Result r = Adaptation.adapt(manager, meta.parameters(), Catalogue.of(t), support, ac, seed);
      double seconds = (System.nanoTime() - start) / 1e9;
      JsonObject m = metadata(meta, cfg, support, r.report(), seconds);
      int[] counts = new int[t.numItems()];
      for (int i : support.items()) {
        counts[i]++;
      }
      TenantItems items = new TenantItems(t.itemIds(), r.servingInputs().tokens(), r.servingInputs().features(), counts);
      new ModelArtifact(m, r.parameters().arrays(), items).write(out);
      System.out.printf("adapted %s on %d events in %.2f s: validation NDCG@10 %.4f vs popularity %.4f%s; wrote %s%n", tenant,
          support.size(), seconds, nan(r.report().valNdcg()), nan(r.report().popValNdcg()),
          r.report().guarded() ? " -> GUARD: does not beat popularity, serving falls back to popularity" : "", out);
      r.parameters().close();
    }
    return 0;
  }

  private static double nan(Double d) {
    return d == null ? Double.NaN : d;
  }

  private JsonObject metadata(ModelArtifact meta, ModelConfig cfg, Events support, FitReport fit, double seconds) throws java.io.IOException {
    JsonObject m = ModelArtifact.baseMetadata(ModelArtifact.KIND_ADAPTED, cfg);
    m.addProperty("method", meta.metadata().get("method").getAsString());
    JsonObject parent = new JsonObject();
    parent.addProperty("path", init.toString());
    parent.addProperty("sha256", ModelArtifact.sha256(init));
    parent.addProperty("method", meta.metadata().get("method").getAsString());
    m.add("parent", parent);
    JsonObject range = new JsonObject();
    range.addProperty("tenant", tenant);
    range.addProperty("events", support.size());
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (long ts : support.timestamps()) {
      if (ts != TenantData.MISSING_TIME) {
        first = Math.min(first, ts);
        last = Math.max(last, ts);
      }
    }
    if (first != Long.MAX_VALUE) {
      range.addProperty("first_timestamp", first);
      range.addProperty("last_timestamp", last);
    }
    m.add("data", range);
    JsonObject metrics = new JsonObject();
    if (fit.valNdcg() != null) {
      metrics.addProperty("val_ndcg@10", fit.valNdcg());
      metrics.addProperty("popularity_val_ndcg@10", fit.popValNdcg());
    }
    metrics.addProperty("steps", fit.steps());
    metrics.addProperty("adapt_seconds", seconds);
    m.add("metrics", metrics);
    JsonObject guard = new JsonObject();
    guard.addProperty("guarded", fit.guarded());
    guard.addProperty("reason", fit.valNdcg() == null ? "no validation users in the support"
        : fit.guarded() ? "validation NDCG@10 not confidently above popularity" : "beats popularity on validation");
    m.add("guard", guard);
    return m;
  }
}
