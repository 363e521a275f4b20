package io.warmstart.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuardRowTest {
  private static ResultRow row(String method, double ndcg, Boolean guarded) {
    ResultRow.Group g = new ResultRow.Group(1, ndcg, ndcg, ndcg);
    return new ResultRow("d", "t", 1, "100", 100, method, ndcg, ndcg, ndcg, 0.1, 0.5, 1, g, g, guarded, 0.2, 0.3, 10, List.of());
  }

  @Test
  void guardServesPopularityWhereTheModelLostOnValidation() {
    ResultRow pop = row("popularity", 0.30, null);
    ResultRow fired = row("metasgd", 0.10, true).guardedBy(pop);
    assertEquals("metasgd+guard", fired.method());
    assertEquals(0.30, fired.ndcg10());
    assertEquals(0.5, fired.adaptSeconds(), "adaptation time is still spent");
    ResultRow kept = row("metasgd", 0.40, false).guardedBy(pop);
    assertEquals(0.40, kept.ndcg10());
  }

  @Test
  void guardNeedsAConfidentWinNotJustAHigherMean() {
    double[] pop = {0.2, 0.3, 0.1, 0.4, 0.2, 0.3};
    double[] clearlyBetter = {0.5, 0.6, 0.4, 0.7, 0.5, 0.6};
    double[] noisyBetter = {1.0, 0.0, 0.0, 1.0, 0.0, 0.35};
    assertEquals(true, ValidationSlice.beatsWithConfidence(clearlyBetter, pop, 1.28));
    assertEquals(false, ValidationSlice.beatsWithConfidence(noisyBetter, pop, 1.28), "higher mean, but within noise");
    assertEquals(false, ValidationSlice.beatsWithConfidence(new double[] {1.0}, new double[] {0.0}, 1.28), "one user proves nothing");
  }
}
