package io.warmstart.trainer.bench;

import io.warmstart.trainer.eval.ResultRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** NDCG@10 per tenant and support size (mean over the seeds that held the tenant out). */
final class PerTenantTable {
  private PerTenantTable() {}

  static String markdown(List<ResultRow> rows) {
    List<String> methods = new ArrayList<>(Summary.methods(rows));
    StringBuilder md = new StringBuilder("## Per tenant (NDCG@10, mean over seeds that held it out)\n\n| tenant | support | seeds |");
    methods.forEach(m -> md.append(' ').append(m).append(" |"));
    md.append("\n|---|---|---|").append("---|".repeat(methods.size())).append('\n');
    Map<String, Map<String, double[]>> cells = new LinkedHashMap<>();
    Map<String, TreeSet<Long>> seeds = new LinkedHashMap<>();
    for (ResultRow r : rows) {
      String key = r.tenant() + "\t" + r.supportSize();
      cells.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(r.method(), m -> new double[2]);
      double[] c = cells.get(key).get(r.method());
      c[0] += r.ndcg10();
      c[1]++;
      seeds.computeIfAbsent(key, k -> new TreeSet<>()).add(r.seed());
    }
    cells.keySet().stream().sorted().forEach(key -> {
      String[] parts = key.split("\t");
      md.append("| ").append(parts[0]).append(" | ").append(parts[1]).append(" | ").append(seeds.get(key).size()).append(" |");
      for (String m : methods) {
        double[] c = cells.get(key).get(m);
        md.append(c == null ? " |" : String.format(" %.4f |", c[0] / c[1]));
      }
      md.append('\n');
    });
    return md.toString();
  }
}
