package io.warmstart.platform.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warmstart.platform.experiment.ExperimentStatistics.ArmTotals;
import org.junit.jupiter.api.Test;

class ExperimentStatisticsTest {

  @Test
  void signTestMatchesTheBinomialDistribution() {
    // Reference values from the exact two-sided binomial test (R: binom.test(x, n)$p.value).
    assertEquals(0.05688793, ExperimentStatistics.signTest(60, 100), 1e-7);
    assertEquals(1.0, ExperimentStatistics.signTest(5, 10), 1e-12);
    assertEquals(0.001953125, ExperimentStatistics.signTest(10, 10), 1e-12);
    assertEquals(0.001953125, ExperimentStatistics.signTest(0, 10), 1e-12);
    assertEquals(1.0, ExperimentStatistics.signTest(0, 0));
    // Above the exact limit the normal approximation takes over, continuous with the exact test.
    double exact = ExperimentStatistics.signTest(530, 1000);
    double approximate = ExperimentStatistics.signTest(1060, 2000);
    assertTrue(exact > 0.05 && exact < 0.07, "exact " + exact);
    assertTrue(approximate > 0.005 && approximate < 0.01, "approximate " + approximate);
  }

  @Test
  void normalTailAndWilsonInterval() {
    assertEquals(0.025, ExperimentStatistics.upperNormalTail(1.959963984540054), 1e-6);
    assertEquals(0.5, ExperimentStatistics.upperNormalTail(0), 1e-7);
    double[] interval = ExperimentStatistics.wilson(50, 100);
    assertEquals(0.4038, interval[0], 1e-4);
    assertEquals(0.5962, interval[1], 1e-4);
    assertNull(ExperimentStatistics.wilson(0, 0));
  }

  @Test
  void withOneListPerUserTheClusteredTestIsTheTwoProportionTest() {
    ArmTotals control = new ArmTotals();
    ArmTotals treatment = new ArmTotals();
    for (int u = 0; u < 1000; u++) {
      control.addUser(1, u < 100 ? 1 : 0);
      treatment.addUser(1, u < 130 ? 1 : 0);
    }
    double unpooledSe = Math.sqrt(0.1 * 0.9 / 1000 + 0.13 * 0.87 / 1000);
    double expectedP = 2 * ExperimentStatistics.upperNormalTail(0.03 / unpooledSe);
    // The K/(K-1) correction is the only difference.
    assertEquals(expectedP, ExperimentStatistics.compare(control, treatment).pValue(), 1e-3);
    assertEquals(0.3, ExperimentStatistics.compare(control, treatment).relativeLift(), 1e-9);
  }

  @Test
  void usersWhoClickAllOrNothingWidenTheInterval() {
    // Same rate (0.1) over the same 1000 lists: spread over all users, or concentrated in few users.
    ArmTotals spread = new ArmTotals();
    ArmTotals concentrated = new ArmTotals();
    for (int u = 0; u < 100; u++) {
      spread.addUser(10, 1);
      concentrated.addUser(10, u < 10 ? 10 : 0);
    }
    assertEquals(spread.rate(), concentrated.rate(), 1e-12);
    assertTrue(concentrated.rateVariance() > 10 * spread.rateVariance(),
        "correlated lists carry less evidence: " + concentrated.rateVariance() + " vs " + spread.rateVariance());
  }
}
