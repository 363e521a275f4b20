package io.warmstart.trainer.adapt;

import com.google.gson.JsonObject;
import io.warmstart.trainer.artifact.ModelArtifact;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.artifact.TenantItems;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.eval.FitReport;
import io.warmstart.trainer.split.Events;

/**
 * The servable artifact of one adaptation: its parameters, the tenant's catalogue with serving
 * features and support counts, and metadata saying where it came from and how it did. The CLI and
 * the library build it here, so both write the same format.
 */
public final class AdaptedArtifact {
  private AdaptedArtifact() {}

  /**
   * The init an adapted model started from; null fields are left out of the metadata.
   *
   * @param path file of the meta-init (CLI)
   * @param label caller's name for it, e.g. a version (library)
   */
  public record Parent(String path, String label, String sha256, String method) {}

  /** First and last known timestamp of some events; both null when none has one. */
  public record TimeRange(Long first, Long last) {
    public static TimeRange of(Events events) {
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (long ts : events.timestamps()) {
        if (ts != TenantData.MISSING_TIME) {
          first = Math.min(first, ts);
          last = Math.max(last, ts);
        }
      }
      return first == Long.MAX_VALUE ? new TimeRange(null, null) : new TimeRange(first, last);
    }
  }

  /**
   * @param parent null for a model trained from a random init
   * @param method the init's method ("metasgd", ..., or "scratch")
   * @param seconds wall time of the adaptation
   */
  public static ModelArtifact of(Parent parent, String method, ModelConfig cfg, Catalogue catalogue, Events support,
      Adaptation.Result result, double seconds) {
    int[] counts = new int[catalogue.size()];
    for (int i : support.items()) {
      counts[i]++;
    }
    TenantItems items = new TenantItems(catalogue.itemIds(), result.servingInputs().tokens(),
        result.servingInputs().features(), counts, cfg.cooc() ? result.servingInputs().neighbours() : null);
    JsonObject m = metadata(parent, method, cfg, catalogue.tenant(), support, result.report(), seconds);
    return new ModelArtifact(m, result.parameters().arrays(), items);
  }

  private static JsonObject metadata(Parent parent, String method, ModelConfig cfg, String tenant, Events support,
      FitReport fit, double seconds) {
    JsonObject m = ModelArtifact.baseMetadata(ModelArtifact.KIND_ADAPTED, cfg);
    m.addProperty("method", method);
    if (parent == null) {
      m.add("parent", null);
    } else {
      JsonObject p = new JsonObject();
      if (parent.path() != null) {
        p.addProperty("path", parent.path());
      }
      if (parent.label() != null) {
        p.addProperty("label", parent.label());
      }
      p.addProperty("sha256", parent.sha256());
      p.addProperty("method", parent.method());
      m.add("parent", p);
    }
    JsonObject range = new JsonObject();
    range.addProperty("tenant", tenant);
    range.addProperty("events", support.size());
    TimeRange time = TimeRange.of(support);
    if (time.first() != null) {
      range.addProperty("first_timestamp", time.first());
      range.addProperty("last_timestamp", time.last());
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
