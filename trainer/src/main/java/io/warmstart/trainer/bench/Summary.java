package io.warmstart.trainer.bench;

import io.warmstart.trainer.eval.ResultRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Aggregation as the protocol asks: average over a seed's held-out tenants first, then mean and
 * sample standard deviation of those per-seed averages over seeds.
 */
public final class Summary {
  private Summary() {}

  /** Mean and spread over seeds of one metric for one (support size, method). */
  public record Stat(double mean, double std, int seeds) {}

  public static Set<String> supportSizes(List<ResultRow> rows) {
    Set<String> s = new LinkedHashSet<>();
    rows.forEach(r -> s.add(r.supportSize()));
    return s;
  }

  public static Set<String> methods(List<ResultRow> rows) {
    Set<String> s = new LinkedHashSet<>();
    rows.forEach(r -> s.add(r.method()));
    return s;
  }

  public static Stat stat(List<ResultRow> rows, String support, String method, ToDoubleFunction<ResultRow> metric) {
    Map<Long, double[]> perSeed = new LinkedHashMap<>();
    for (ResultRow r : rows) {
      double v = metric.applyAsDouble(r);
      if (r.supportSize().equals(support) && r.method().equals(method) && !Double.isNaN(v)) {
        double[] acc = perSeed.computeIfAbsent(r.seed(), s -> new double[2]);
        acc[0] += v;
        acc[1]++;
      }
    }
    List<Double> means = new ArrayList<>();
    perSeed.values().forEach(a -> means.add(a[0] / a[1]));
    if (means.isEmpty()) {
      return new Stat(Double.NaN, Double.NaN, 0);
    }
    double mean = means.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double var = 0;
    for (double m : means) {
      var += (m - mean) * (m - mean);
    }
    double std = means.size() > 1 ? Math.sqrt(var / (means.size() - 1)) : 0;
    return new Stat(mean, std, means.size());
  }

  /** Share of rows of a method where the guard fired (served popularity). */
  public static double guardRate(List<ResultRow> rows, String support, String method) {
    int n = 0;
    int fired = 0;
    for (ResultRow r : rows) {
      if (r.supportSize().equals(support) && r.method().equals(method) && r.guarded() != null) {
        n++;
        fired += r.guarded() ? 1 : 0;
      }
    }
    return n == 0 ? Double.NaN : (double) fired / n;
  }
}
