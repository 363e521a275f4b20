package io.warmstart.trainer.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.warmstart.trainer.eval.ResultRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes report.json (every row plus a summary) and report.md (tables). */
public final class ReportWriter {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

  private ReportWriter() {}

  public static void writeJson(BenchmarkReport r, Path file) throws IOException {
    JsonObject root = new JsonObject();
    root.addProperty("dataset", r.dataset());
    root.addProperty("created_at", java.time.Instant.now().toString());
    root.add("options", GSON.toJsonTree(r.options()));
    root.addProperty("protocol", "v3");
    if (r.joinTime() != null) {
      root.addProperty("join_time", r.joinTime());
    } else {
      root.add("join_time", null);
    }
    root.add("eligible_tenants", GSON.toJsonTree(r.eligibleTenants()));
    root.add("folds", GSON.toJsonTree(r.folds()));
    root.add("meta_training", GSON.toJsonTree(r.metaTraining()));
    JsonArray results = new JsonArray();
    r.results().forEach(row -> results.add(row(row)));
    root.add("results", results);
    JsonObject summary = new JsonObject();
    summary.add("per_method", perMethod(r.results()));
    summary.add("v3", v3(V3Summary.of(r.results())));
    JsonObject others = new JsonObject();
    for (String m : Summary.methods(r.results())) {
      if (!m.equals(V3Summary.SERVED) && !V3Summary.SIMPLE_BASELINES.contains(m)) {
        others.add(m, v3(V3Summary.of(r.results(), m)));
      }
    }
    summary.add("v3_other_methods", others);
    root.add("summary", summary);
    Files.writeString(file, GSON.toJson(root), StandardCharsets.UTF_8);
  }

  private static JsonObject row(ResultRow r) {
    JsonObject o = new JsonObject();
    o.addProperty("dataset", r.dataset());
    o.addProperty("tenant", r.tenant());
    o.addProperty("seed", r.seed());
    o.addProperty("support_size", r.supportSize());
    o.addProperty("support_events", r.supportEvents());
    o.addProperty("method", r.method());
    o.addProperty("ndcg@10", r.ndcg10());
    o.addProperty("recall@20", r.recall20());
    o.addProperty("hr@10", r.hr10());
    o.addProperty("coverage", r.coverage());
    o.addProperty("adapt_seconds", r.adaptSeconds());
    o.addProperty("users", r.users());
    o.add("returning", group(r.returning()));
    o.add("new", group(r.newUsers()));
    if (r.guarded() != null) {
      o.addProperty("guarded", r.guarded());
    }
    if (r.valNdcg() != null) {
      o.addProperty("val_ndcg@10", r.valNdcg());
    }
    if (r.popValNdcg() != null) {
      o.addProperty("popularity_val_ndcg@10", r.popValNdcg());
    }
    o.addProperty("steps", r.steps());
    if (!r.curve().isEmpty()) {
      o.add("curve", GSON.toJsonTree(r.curve()));
    }
    return o;
  }

  private static JsonObject group(ResultRow.Group g) {
    JsonObject o = new JsonObject();
    o.addProperty("users", g.users());
    o.addProperty("ndcg@10", g.ndcg10());
    o.addProperty("recall@20", g.recall20());
    o.addProperty("hr@10", g.hr10());
    return o;
  }

  private static JsonArray v3(List<V3Summary.Entry> entries) {
    JsonArray out = new JsonArray();
    for (V3Summary.Entry e : entries) {
      JsonObject o = new JsonObject();
      o.addProperty("support_size", e.supportSize());
      o.addProperty("method", e.method());
      o.addProperty("best_simple_baseline", e.bestSimpleBaseline());
      o.addProperty("best_simple_baseline_ndcg@10", e.baselineNdcg());
      o.addProperty("method_ndcg@10", e.methodNdcg());
      o.addProperty("served_ratio_mean", e.ratioMean());
      o.addProperty("ci_low", e.ciLow());
      o.addProperty("ci_high", e.ciHigh());
      o.addProperty("wins", e.wins());
      o.addProperty("ties", e.ties());
      o.addProperty("losses", e.losses());
      o.addProperty("worst_ratio", e.worstRatio());
      o.addProperty("worst_tenant", e.worstTenant());
      o.addProperty("pairs", e.pairs());
      o.addProperty("tenants", e.tenants());
      o.addProperty("undefined_ratios", e.undefinedRatios());
      out.add(o);
    }
    return out;
  }

  private static JsonArray perMethod(List<ResultRow> rows) {
    JsonArray out = new JsonArray();
    for (String s : Summary.supportSizes(rows)) {
      for (String m : Summary.methods(rows)) {
        Summary.Stat ndcg = Summary.stat(rows, s, m, ResultRow::ndcg10);
        if (ndcg.seeds() == 0) {
          continue;
        }
        JsonObject o = new JsonObject();
        o.addProperty("support_size", s);
        o.addProperty("method", m);
        o.addProperty("seeds", ndcg.seeds());
        o.addProperty("ndcg@10_mean", ndcg.mean());
        o.addProperty("ndcg@10_std", ndcg.std());
        o.addProperty("recall@20_mean", Summary.stat(rows, s, m, ResultRow::recall20).mean());
        o.addProperty("hr@10_mean", Summary.stat(rows, s, m, ResultRow::hr10).mean());
        o.addProperty("coverage_mean", Summary.stat(rows, s, m, ResultRow::coverage).mean());
        o.addProperty("returning_ndcg@10_mean", Summary.stat(rows, s, m, r -> r.returning().ndcg10()).mean());
        o.addProperty("new_ndcg@10_mean", Summary.stat(rows, s, m, r -> r.newUsers().ndcg10()).mean());
        o.addProperty("adapt_seconds_mean", Summary.stat(rows, s, m, ResultRow::adaptSeconds).mean());
        double g = Summary.guardRate(rows, s, m);
        if (!Double.isNaN(g)) {
          o.addProperty("guard_fallback_rate", g);
        }
        out.add(o);
      }
    }
    return out;
  }

  static String v3Markdown(List<ResultRow> rows) {
    StringBuilder md = new StringBuilder("## Protocol v3: served against the best simple baseline\n\n");
    md.append("| support | best simple baseline | baseline NDCG@10 | served NDCG@10 | mean ratio | 95% interval | wins / ties / losses | worst ratio |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    for (V3Summary.Entry e : V3Summary.of(rows)) {
      md.append(String.format("| %s | %s | %.4f | %.4f | %.3f | [%.3f, %.3f] | %d / %d / %d | %.3f (%s) |\n", e.supportSize(),
          e.bestSimpleBaseline(), e.baselineNdcg(), e.methodNdcg(), e.ratioMean(), e.ciLow(), e.ciHigh(), e.wins(), e.ties(),
          e.losses(), e.worstRatio(), e.worstTenant()));
    }
    return md.append("\n").toString();
  }

  public static void writeMarkdown(BenchmarkReport r, Path file) throws IOException {
    StringBuilder md = new StringBuilder();
    List<ResultRow> rows = r.results();
    md.append("# Benchmark: ").append(r.dataset()).append("\n\n");
    md.append("Seeds ").append(r.options().seeds()).append(", support sizes ").append(r.options().supportSizes())
        .append(". Values: mean ± sample std over seeds of the tenant-averaged metric.\n\n");
    md.append(r.joinTime() == null ? "No join time (not every row has a timestamp, or --join-time none).\n\n"
        : "Join time T = " + r.joinTime() + " (" + java.time.Instant.ofEpochSecond(r.joinTime()) + "): donors keep rows before T, "
            + "held-out tenants rows from T on.\n\n");
    md.append("Content read: ").append(r.options().content()).append(". Eligible tenants: ").append(r.eligibleTenants())
        .append("\n\n");
    md.append(v3Markdown(rows));
    for (String s : Summary.supportSizes(rows)) {
      md.append("## Support ").append(s).append("\n\n");
      md.append("| method | NDCG@10 | Recall@20 | HR@10 | coverage@10 | NDCG@10 returning | NDCG@10 new | adapt s | guard fell back |\n");
      md.append("|---|---|---|---|---|---|---|---|---|\n");
      for (String m : Summary.methods(rows)) {
        Summary.Stat n = Summary.stat(rows, s, m, ResultRow::ndcg10);
        if (n.seeds() == 0) {
          continue;
        }
        double g = Summary.guardRate(rows, s, m);
        md.append(String.format("| %s | %.4f ± %.4f | %.4f | %.4f | %.3f | %.4f | %.4f | %.2f | %s |\n", m, n.mean(), n.std(),
            Summary.stat(rows, s, m, ResultRow::recall20).mean(), Summary.stat(rows, s, m, ResultRow::hr10).mean(),
            Summary.stat(rows, s, m, ResultRow::coverage).mean(), Summary.stat(rows, s, m, x -> x.returning().ndcg10()).mean(),
            Summary.stat(rows, s, m, x -> x.newUsers().ndcg10()).mean(), Summary.stat(rows, s, m, ResultRow::adaptSeconds).mean(),
            Double.isNaN(g) ? "" : String.format("%.0f%%", 100 * g)));
      }
      md.append("\n");
    }
    md.append(PerTenantTable.markdown(rows));
    md.append("\n## Meta-training\n\n| seed | fold | algorithm | steps | examples | seconds | examples/s | adaptation learning rates |\n|---|---|---|---|---|---|---|---|\n");
    for (MetaRun m : r.metaTraining()) {
      md.append(String.format("| %d | %d | %s | %d | %d | %.1f | %.0f | %s |\n", m.seed(), m.fold(), m.algorithm(), m.steps(),
          m.examples(), m.seconds(), m.examplesPerSecond(), m.adaptLearningRates()));
    }
    Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
  }
}
