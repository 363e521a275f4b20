package io.warmstart.trainer.bench;

import io.warmstart.trainer.eval.ResultRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Protocol v3's paired statistics of {@code served} against the best simple baseline, per support
 * size. The best simple baseline is whichever of popularity, recpop and popcooc has the highest mean
 * NDCG@10 there (mean over seeds of the tenant average), chosen after the fact on purpose: a strong
 * bar. Per (tenant, seed) r = NDCG@10(served) / NDCG@10(baseline) on the same test users; the mean r
 * is over those pairs, the 95% interval bootstraps tenants (each tenant's mean r over its seeds,
 * 2,000 draws, seeded), a tie is |difference| < 0.001, and the worst ratio is the lowest pair.
 * A pair whose baseline scored 0 has no ratio: a tie if served also scored 0, else it is counted
 * in wins/losses and in {@code undefined_ratios} but left out of the ratio statistics.
 */
public final class V3Summary {
  public static final List<String> SIMPLE_BASELINES = List.of("popularity", "recpop", "popcooc");
  public static final String SERVED = "served";
  static final int BOOTSTRAP_DRAWS = 2000;
  static final long BOOTSTRAP_SEED = 20261204L;
  static final double TIE = 0.001;

  private V3Summary() {}

  /**
   * @param pairs (tenant, seed) pairs compared
   * @param tenants distinct tenants behind the interval
   */
  public record Entry(String supportSize, String method, String bestSimpleBaseline, double baselineNdcg, double methodNdcg,
      double ratioMean, double ciLow, double ciHigh, int wins, int ties, int losses, double worstRatio, String worstTenant,
      int pairs, int tenants, int undefinedRatios) {}

  /** One entry per support size for {@code served}. */
  public static List<Entry> of(List<ResultRow> rows) {
    return of(rows, SERVED);
  }

  /** The same statistics for any method against the best simple baseline (e.g. for an ablation). */
  public static List<Entry> of(List<ResultRow> rows, String method) {
    List<Entry> out = new ArrayList<>();
    for (String size : Summary.supportSizes(rows)) {
      String best = bestSimpleBaseline(rows, size);
      if (best == null || Summary.stat(rows, size, method, ResultRow::ndcg10).seeds() == 0) {
        continue;
      }
      out.add(entry(rows, size, method, best));
    }
    return out;
  }

  /** The simple baseline with the highest mean NDCG@10 at this support size; null when none ran. */
  public static String bestSimpleBaseline(List<ResultRow> rows, String size) {
    String best = null;
    double bestMean = Double.NEGATIVE_INFINITY;
    for (String b : SIMPLE_BASELINES) {
      Summary.Stat s = Summary.stat(rows, size, b, ResultRow::ndcg10);
      if (s.seeds() > 0 && s.mean() > bestMean) {
        bestMean = s.mean();
        best = b;
      }
    }
    return best;
  }

  private static Entry entry(List<ResultRow> rows, String size, String method, String best) {
    Map<String, ResultRow> baseline = new LinkedHashMap<>();
    for (ResultRow r : rows) {
      if (r.supportSize().equals(size) && r.method().equals(best)) {
        baseline.put(r.tenant() + "\t" + r.seed(), r);
      }
    }
    int wins = 0;
    int ties = 0;
    int losses = 0;
    int undefined = 0;
    double worst = Double.POSITIVE_INFINITY;
    String worstTenant = null;
    List<Double> ratios = new ArrayList<>();
    Map<String, List<Double>> byTenant = new TreeMap<>();
    for (ResultRow r : rows) {
      ResultRow b = r.supportSize().equals(size) && r.method().equals(method) ? baseline.get(r.tenant() + "\t" + r.seed()) : null;
      if (b == null) {
        continue;
      }
      double diff = r.ndcg10() - b.ndcg10();
      if (Math.abs(diff) < TIE) {
        ties++;
      } else if (diff > 0) {
        wins++;
      } else {
        losses++;
      }
      if (b.ndcg10() <= 0) {
        if (r.ndcg10() > 0) {
          undefined++;
          continue;
        }
      }
      double ratio = b.ndcg10() <= 0 ? 1 : r.ndcg10() / b.ndcg10();
      ratios.add(ratio);
      byTenant.computeIfAbsent(r.tenant(), t -> new ArrayList<>()).add(ratio);
      if (ratio < worst) {
        worst = ratio;
        worstTenant = r.tenant() + " (seed " + r.seed() + ")";
      }
    }
    double[] perTenant = byTenant.values().stream().mapToDouble(l -> l.stream().mapToDouble(Double::doubleValue).average().orElse(1)).toArray();
    double[] ci = bootstrap(perTenant);
    return new Entry(size, method, best, Summary.stat(rows, size, best, ResultRow::ndcg10).mean(),
        Summary.stat(rows, size, method, ResultRow::ndcg10).mean(),
        ratios.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), ci[0], ci[1], wins, ties, losses,
        ratios.isEmpty() ? Double.NaN : worst, worstTenant, wins + ties + losses, perTenant.length, undefined);
  }

  /** 95% percentile interval of the mean, resampling the values with replacement. */
  static double[] bootstrap(double[] values) {
    if (values.length == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    Random random = new Random(BOOTSTRAP_SEED);
    double[] means = new double[BOOTSTRAP_DRAWS];
    for (int d = 0; d < BOOTSTRAP_DRAWS; d++) {
      double sum = 0;
      for (int k = 0; k < values.length; k++) {
        sum += values[random.nextInt(values.length)];
      }
      means[d] = sum / values.length;
    }
    java.util.Arrays.sort(means);
    return new double[] {means[(int) Math.floor(0.025 * (BOOTSTRAP_DRAWS - 1))], means[(int) Math.ceil(0.975 * (BOOTSTRAP_DRAWS - 1))]};
  }
}
