package io.warmstart.trainer.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warmstart.trainer.artifact.Blend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServingEvidenceTest {
  /** A tenant at a size whose blends score {@code ratio[l]} times popularity's 0.2. */
  private static OnboardingSimulation.TenantResult tenant(String name, int events, double... ratio) {
    double[] blend = new double[Blend.LAMBDAS.length];
    for (int l = 0; l < blend.length; l++) {
      blend[l] = 0.2 * ratio[Math.min(l, ratio.length - 1)];
    }
    return new OnboardingSimulation.TenantResult(name, events, 50, 0.2, blend);
  }

  @Test
  void servesTheBestBlendOnlyWhereItsIntervalIsAbovePopularity() {
    List<OnboardingSimulation.TenantResult> r = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      // At 100 events every tenant gains 8-13% from the blend at lambda = 0.5 (index 3).
      r.add(tenant("t" + t, 100, 1, 1.02, 1.05, 1.08 + 0.01 * t, 1.0, 0.9));
      // At 500 events the best blend helps half the tenants and hurts the others.
      r.add(tenant("t" + t, 500, 1, t % 2 == 0 ? 1.2 : 0.85));
    }
    ServingEvidence e = ServingEvidence.of(r);
    assertEquals(List.of(100, 500), e.entries().stream().map(ServingEvidence.Entry::events).toList());
    ServingEvidence.Entry hundred = e.entries().get(0);
    assertEquals(0.5, hundred.bestLambda());
    assertEquals(0.5, hundred.lambda(), "all six tenants gain: the interval is above 1");
    assertEquals(1.105, hundred.ratioMean(), 1e-9);
    assertTrue(hundred.ciLow() > 1 && hundred.ciLow() <= hundred.ratioMean() && hundred.ciHigh() >= hundred.ratioMean());
    assertEquals(6, hundred.wins());
    assertEquals(0.2 * 1.105, hundred.bestNdcg(), 1e-9);
    ServingEvidence.Entry five = e.entries().get(1);
    assertEquals(0, five.lambda(), "a mean gain whose interval reaches below 1 serves popularity: " + five);
    assertTrue(five.bestLambda() > 0);
    assertFalse(five.servesModel());
    assertEquals(3, five.wins());
    assertEquals(3, five.losses());
  }

  @Test
  void theBestOfSeveralBlendsNeedsAnIntervalCorrectedForThePick() {
    double[] gains = {1.12, 1.10, 1.08, 1.06, 1.05, 1.02, 0.97, 0.96};
    double[] plain = ServingEvidence.bootstrap(gains, 1);
    double[] corrected = ServingEvidence.bootstrap(gains, Blend.LAMBDAS.length - 1);
    assertTrue(corrected[0] < plain[0] && corrected[1] > plain[1], "wider on both sides");
    assertTrue(plain[0] > 1, "a plain 95% interval would serve this blend: " + plain[0]);
    List<OnboardingSimulation.TenantResult> r = new ArrayList<>();
    for (int t = 0; t < gains.length; t++) {
      r.add(tenant("t" + t, 100, 1, gains[t]));
    }
    ServingEvidence.Entry e = ServingEvidence.of(r).entries().get(0);
    assertEquals(corrected[0], e.ciLow(), 1e-12);
    assertTrue(e.ciLow() < 1, "two of eight tenants lost: not confident once the pick is accounted for: " + e);
    assertEquals(0, e.lambda());
  }

  @Test
  void tooFewTenantsAreReportedButNeverActedOn() {
    List<OnboardingSimulation.TenantResult> r = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      r.add(tenant("t" + t, 100, 1, 1.3));
    }
    r.add(tenant("t0", 2000, 1, 1.5));
    r.add(tenant("t1", 2000, 1, 1.6));
    ServingEvidence e = ServingEvidence.of(r);
    assertEquals(2, e.entries().size());
    assertEquals(0, e.entries().get(1).lambda(), "two tenants at 2000 events: reported, not used");
    assertEquals(100, e.at(5000).events(), "a big tenant falls back to the largest size measured on enough tenants");
    assertNull(e.at(99), "below the smallest size there is no evidence");
    assertEquals(100, e.at(100).events());
  }

  @Test
  void roundTripsThroughJsonWithTheModelAloneAsAString() {
    List<OnboardingSimulation.TenantResult> r = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      r.add(tenant("t" + t, 200, 1, 1, 1, 1, 1, 1, 1, 1.2 + 0.02 * t));
    }
    ServingEvidence e = ServingEvidence.of(r);
    assertEquals(Blend.MODEL_ONLY, e.entries().get(0).lambda());
    assertEquals("\"model\"", e.toJson().get(0).getAsJsonObject().get("lambda").toString());
    assertEquals(e, ServingEvidence.fromJson(e.toJson()));
    String summary = e.entries().get(0).summary();
    assertTrue(summary.startsWith("+23% NDCG@10 over popularity (95% interval +2"), summary);
    assertTrue(summary.endsWith("measured on 4 held-out tenants at 200 events"), summary);
  }
}
