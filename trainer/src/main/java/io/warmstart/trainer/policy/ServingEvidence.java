package io.warmstart.trainer.policy;

import com.google.gson.JsonArray;
import io.warmstart.trainer.artifact.Blend;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What a meta-init is worth to a new tenant, per tenant size, measured by onboarding tenants it was
 * not trained on ({@link OnboardingSimulation}); stored in the meta-init and read by the serving
 * rule. For each size N the best blend of {@link Blend#LAMBDAS} is the one with the highest mean
 * ratio of NDCG@10 to popularity's over tenants (each tenant weighs the same, whatever its size or
 * scale). It is served at that size only when the bootstrap interval of that mean (resampling
 * tenants) lies above 1: otherwise the tenant gets popularity, which is then the honest best guess.
 *
 * <p>The interval is a simultaneous 95% one over every blend tried (Bonferroni: each side at
 * 2.5% / the number of blends). The best of several blends picked on the same tenants looks better
 * on them than it will on the next tenant (the winner's curse); with a plain 95% interval, picking
 * the best of seven on 7-8 MovieLens tenants served blends at 100 events that then lost 12% on
 * average on the tenants held out of meta-training (protocol v3, seeds 1-3).
 */
public record ServingEvidence(List<Entry> entries) {
  /** Fewer tenants than this at a size are reported, never acted on. */
  public static final int MIN_TENANTS = 3;
  static final int BOOTSTRAP_DRAWS = 2000;
  static final long BOOTSTRAP_SEED = 20261204L;

  /**
   * Evidence at one size.
   *
   * @param events the support size N
   * @param bestLambda the blend with the highest mean ratio (0 = popularity)
   * @param lambda what is served at this size: {@code bestLambda} when its interval is above 1, else 0
   * @param ratioMean mean over tenants of NDCG@10(best blend) / NDCG@10(popularity)
   * @param ciLow lower end of the 95% bootstrap interval of {@code ratioMean}
   * @param wins tenants where the best blend scored higher than popularity by at least 0.001
   */
  public record Entry(int events, int tenants, int users, double popularityNdcg, double bestNdcg, double bestLambda,
      double lambda, double ratioMean, double ciLow, double ciHigh, int wins, int losses) {

    public boolean servesModel() {
      return lambda > 0;
    }

    /** e.g. "+14% NDCG@10 over popularity (95% interval +6% to +22%), measured on 23 held-out tenants at 100 events". */
    public String summary() {
      return String.format(Locale.ROOT, "%s NDCG@10 over popularity (95%% interval %s to %s), measured on %d held-out %s at %d events",
          percent(ratioMean), percent(ciLow), percent(ciHigh), tenants, tenants == 1 ? "tenant" : "tenants", events);
    }

    private static String percent(double ratio) {
      double p = 100 * (ratio - 1);
      return String.format(Locale.ROOT, "%s%.0f%%", p >= 0 ? "+" : "", p);
    }
  }

  /**
   * The entry for a tenant with this many events: the largest size at or below it measured on at
   * least {@link #MIN_TENANTS} tenants; null when there is none.
   */
  public Entry at(long events) {
    Entry best = null;
    for (Entry e : entries) {
      if (e.tenants() >= MIN_TENANTS && e.events() <= events && (best == null || e.events() > best.events())) {
        best = e;
      }
    }
    return best;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Aggregates simulation results per size. */
  public static ServingEvidence of(List<OnboardingSimulation.TenantResult> results) {
    Map<Integer, List<OnboardingSimulation.TenantResult>> bySize = new java.util.TreeMap<>();
    results.forEach(r -> bySize.computeIfAbsent(r.events(), n -> new ArrayList<>()).add(r));
    List<Entry> entries = new ArrayList<>();
    bySize.forEach((n, rs) -> entries.add(entry(n, rs)));
    return new ServingEvidence(entries);
  }

  private static Entry entry(int n, List<OnboardingSimulation.TenantResult> rs) {
    int best = 0;
    double bestMean = Double.NEGATIVE_INFINITY;
    for (int l = 0; l < Blend.LAMBDAS.length; l++) {
      double mean = mean(ratios(rs, l));
      if (mean > bestMean + 1e-12) {
        bestMean = mean;
        best = l;
      }
    }
    double[] r = ratios(rs, best);
    double[] ci = bootstrap(r, Blend.LAMBDAS.length - 1);
    int wins = 0;
    int losses = 0;
    double pop = 0;
    double blend = 0;
    int users = 0;
    for (OnboardingSimulation.TenantResult t : rs) {
      double diff = t.blendNdcg()[best] - t.popularityNdcg();
      wins += diff >= 0.001 ? 1 : 0;
      losses += diff <= -0.001 ? 1 : 0;
      pop += t.popularityNdcg();
      blend += t.blendNdcg()[best];
      users += t.users();
    }
    double lambda = Blend.LAMBDAS[best];
    double served = lambda > 0 && ci[0] > 1 && rs.size() >= MIN_TENANTS ? lambda : 0;
    return new Entry(n, rs.size(), users, pop / rs.size(), blend / rs.size(), lambda, served, bestMean, ci[0], ci[1], wins, losses);
  }

  /** Per tenant, blend / popularity; a tenant where popularity scored 0 counts as 1 if the blend did too, else 2. */
  private static double[] ratios(List<OnboardingSimulation.TenantResult> rs, int lambda) {
    double[] out = new double[rs.size()];
    for (int k = 0; k < out.length; k++) {
      OnboardingSimulation.TenantResult t = rs.get(k);
      double b = t.blendNdcg()[lambda];
      out[k] = t.popularityNdcg() > 0 ? b / t.popularityNdcg() : b > 0 ? 2 : 1;
    }
    return out;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? Double.NaN : s / v.length;
  }

  /**
   * The simultaneous 95% percentile interval of the mean for one of {@code candidates} compared
   * means (each side at 2.5% / candidates).
   */
  static double[] bootstrap(double[] values, int candidates) {
    double tail = 0.025 / Math.max(1, candidates);
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
    return new double[] {means[(int) Math.floor(tail * (BOOTSTRAP_DRAWS - 1))], means[(int) Math.ceil((1 - tail) * (BOOTSTRAP_DRAWS - 1))]};
  }

  public JsonArray toJson() {
    JsonArray a = new JsonArray();
    for (Entry e : entries) {
      JsonObject o = new JsonObject();
      o.addProperty("events", e.events());
      o.addProperty("tenants", e.tenants());
      o.addProperty("users", e.users());
      o.addProperty("popularity_ndcg@10", e.popularityNdcg());
      o.addProperty("best_ndcg@10", e.bestNdcg());
      o.addProperty("best_lambda", Blend.toJson(e.bestLambda()));
      o.addProperty("lambda", Blend.toJson(e.lambda()));
      o.addProperty("ratio_mean", e.ratioMean());
      o.addProperty("ci_low", e.ciLow());
      o.addProperty("ci_high", e.ciHigh());
      o.addProperty("wins", e.wins());
      o.addProperty("losses", e.losses());
      a.add(o);
    }
    return a;
  }

  public static ServingEvidence fromJson(JsonArray a) {
    List<Entry> entries = new ArrayList<>();
    for (JsonElement el : a) {
      JsonObject o = el.getAsJsonObject();
      entries.add(new Entry(o.get("events").getAsInt(), o.get("tenants").getAsInt(), o.get("users").getAsInt(),
          o.get("popularity_ndcg@10").getAsDouble(), o.get("best_ndcg@10").getAsDouble(), Blend.fromJson(o.get("best_lambda")),
          Blend.fromJson(o.get("lambda")), o.get("ratio_mean").getAsDouble(), o.get("ci_low").getAsDouble(),
          o.get("ci_high").getAsDouble(), o.get("wins").getAsInt(), o.get("losses").getAsInt()));
    }
    return new ServingEvidence(entries);
  }

  /** A line per size, for logs and reports. */
  public Map<Integer, String> describe() {
    Map<Integer, String> out = new LinkedHashMap<>();
    for (Entry e : entries) {
      out.put(e.events(), String.format(Locale.ROOT, "best %s: ratio %.3f [%.3f, %.3f], %d tenants, wins %d losses %d -> serve %s",
          Blend.describe(e.bestLambda()), e.ratioMean(), e.ciLow(), e.ciHigh(), e.tenants(), e.wins(), e.losses(),
          Blend.describe(e.lambda())));
    }
    return out;
  }
}
