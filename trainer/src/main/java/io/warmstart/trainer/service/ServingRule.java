package io.warmstart.trainer.service;

import io.warmstart.trainer.adapt.Adaptation;
import io.warmstart.trainer.eval.ValidationSlice;
import io.warmstart.trainer.artifact.Blend;
import io.warmstart.trainer.policy.ServingEvidence;
import java.util.Locale;

/**
 * Whether a freshly adapted model is served, and how ({@link Blend}). Two regimes:
 *
 * <ul>
 *   <li><b>Cross-tenant evidence</b> (the meta-init carries {@link ServingEvidence}): the blend
 *       measured best for tenants of this size on held-out tenants is served when its interval is
 *       above popularity; a handful of this tenant's own users decide nothing on their own. A safety
 *       net still looks at the tenant: the held-back test half of its validation users (never used to
 *       pick the model's state) vetoes the model when it is confidently worse than popularity there,
 *       or than the promoted model; a model adapted on no more events than the promoted one must
 *       also beat it with confidence (the same data again has nothing new to offer, and swapping
 *       one model for another that only ties it is churn, not progress).
 *   <li><b>Per tenant</b> (no evidence: a model from scratch, or a meta-init trained on too few
 *       tenants): the model alone is served when it beats popularity with confidence on the test
 *       half (the guard) and, if one is promoted, scores higher than it on the same users.
 * </ul>
 */
final class ServingRule {
  /** Standard errors of the paired per-user difference that make "confidently" (one-sided ~90%). */
  static final double Z = Adaptation.GUARD_Z;

  private ServingRule() {}

  /**
   * @param lambda the blend to serve (meaningful when promoted)
   * @param evidence the evidence entry the decision used; null in the per-tenant regime
   */
  record Decision(boolean promote, double lambda, String reason, ServingEvidence.Entry evidence) {}

  /**
   * @param candidate the candidate as it would be served (blended), per test-half user
   * @param popularity popularity of the training part, per test-half user
   * @param incumbent the promoted model as served, per test-half user; null without one
   */
  /**
   * @param incumbentEvents events the promoted model was adapted on (0 when unknown or none)
   */
  record TestHalf(double[] candidate, double[] popularity, double[] incumbent, String incumbentNote, long incumbentEvents) {
    int users() {
      return popularity.length;
    }
  }

  static Decision withEvidence(ServingEvidence evidence, int events, TestHalf test) {
    ServingEvidence.Entry e = evidence.at(events);
    if (e == null) {
      return new Decision(false, 0, String.format(Locale.ROOT,
          "rejected: no evidence yet for tenants of %d events (the smallest size measured on at least %d tenants is larger); "
              + "popularity is served", events, ServingEvidence.MIN_TENANTS), null);
    }
    if (!e.servesModel()) {
      return new Decision(false, 0, String.format(Locale.ROOT,
          "rejected: at your size models did no better than popularity on held-out tenants (best blend %s: %s); "
              + "popularity is served", Blend.describe(e.bestLambda()), e.summary()), e);
    }
    String expected = "expected " + e.summary().replaceFirst(" at (\\d+) events$", " at your size ($1+ events)");
    if (test.users() >= 2 && confidentlyBelow(test.candidate(), test.popularity())) {
      return new Decision(false, e.lambda(), String.format(Locale.ROOT,
          "rejected by the safety net: %s, but on this tenant's %s held back for testing it scored %.4f against "
              + "popularity's %.4f, confidently worse", expected, users(test.users()), mean(test.candidate()),
          mean(test.popularity())), e);
    }
    if (test.incumbent() != null && events <= test.incumbentEvents()
        && !ValidationSlice.beatsWithConfidence(test.candidate(), test.incumbent(), Z)) {
      return new Decision(false, e.lambda(), String.format(Locale.ROOT,
          "rejected: adapted on no more events than the promoted model (%d), it scored %.4f against its %.4f on this "
              + "tenant's %s held back for testing, not confidently better: nothing to gain%s", test.incumbentEvents(), mean(test.candidate()),
          mean(test.incumbent()), users(test.users()), note(test.incumbentNote())), e);
    }
    if (test.incumbent() != null && test.users() >= 2 && confidentlyBelow(test.candidate(), test.incumbent())) {
      return new Decision(false, e.lambda(), String.format(Locale.ROOT,
          "rejected: on this tenant's %s held back for testing it scored %.4f against the promoted model's %.4f, "
              + "confidently worse%s", users(test.users()), mean(test.candidate()), mean(test.incumbent()),
          note(test.incumbentNote())), e);
    }
    return new Decision(true, e.lambda(), String.format(Locale.ROOT, "%s; serving %s", expected, Blend.describe(e.lambda())), e);
  }

  static Decision perTenant(boolean guarded, Double selectionNdcg, TestHalf test) {
    if (selectionNdcg == null || test.users() == 0) {
      return new Decision(false, Blend.MODEL_ONLY, "rejected: no validation users (tenant too small)", null);
    }
    if (guarded) {
      return new Decision(false, Blend.MODEL_ONLY, String.format(Locale.ROOT,
          "rejected: NDCG@10 %.4f on the %s held back for testing does not beat popularity's %.4f with confidence",
          mean(test.candidate()), users(test.users()), mean(test.popularity())), null);
    }
    if (test.incumbent() != null && !(mean(test.candidate()) > mean(test.incumbent()))) {
      return new Decision(false, Blend.MODEL_ONLY, String.format(Locale.ROOT,
          "rejected: NDCG@10 %.4f on the %s held back for testing does not beat the promoted model's %.4f%s",
          mean(test.candidate()), users(test.users()), mean(test.incumbent()), note(test.incumbentNote())), null);
    }
    String versus = test.incumbent() == null ? ""
        : String.format(Locale.ROOT, " and the promoted model's %.4f", mean(test.incumbent()));
    return new Decision(true, Blend.MODEL_ONLY, String.format(Locale.ROOT,
        "NDCG@10 %.4f beats popularity %.4f%s on the %s held back for testing%s", mean(test.candidate()),
        mean(test.popularity()), versus, users(test.users()), note(test.incumbentNote())), null);
  }

  /** Whether {@code a} is below {@code b} by more than {@link #Z} standard errors of the paired difference. */
  static boolean confidentlyBelow(double[] a, double[] b) {
    return ValidationSlice.beatsWithConfidence(b, a, Z);
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? 0 : s / v.length;
  }

  private static String users(int n) {
    return n + (n == 1 ? " user" : " users");
  }

  private static String note(String note) {
    return note == null ? "" : "; " + note;
  }
}
