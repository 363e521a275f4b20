package io.warmstart.platform.experiment;

import io.warmstart.platform.experiment.ExperimentStatistics.ArmTotals;
import io.warmstart.platform.experiment.ExperimentStatistics.Comparison;

/**
 * One simulated experiment on the {@link ClickModel}: {@code impressions} requests from a population
 * of users, served by team-draft interleaving or an A/B split, analysed with the platform's own
 * tests ({@link ExperimentStatistics}). The outcome is the test's signed z (positive when the
 * treatment looks better) and its p-value.
 */
public final class ExperimentSimulator {

  public record Outcome(double z, double pValue) {

    /** Significant in the treatment's favour at the platform's level. */
    public boolean detected() {
      return pValue < ExperimentStatistics.ALPHA && z > 0;
    }
  }

  private ExperimentSimulator() {}

  /** Interleaving: every request shows both rankers merged; the sign test over lists whose clicks favoured one team. */
  public static Outcome interleaving(int impressions, double controlNoise, double treatmentNoise, long seed) {
    ClickModel model = new ClickModel(seed);
    double[] users = users(model, impressions);
    long controlWins = 0;
    long treatmentWins = 0;
    for (int i = 0; i < impressions; i++) {
      model.nextRequest();
      double propensity = users[model.random().nextInt(users.length)];
      TeamDraft.Interleaved merged = TeamDraft.interleave(
          model.rank(controlNoise), model.rank(treatmentNoise), ClickModel.LIST, model.random());
      boolean[] clicked = model.clicks(merged.items(), propensity);
      int controlClicks = 0;
      int treatmentClicks = 0;
      for (int k = 0; k < clicked.length; k++) {
        if (clicked[k]) {
          if (merged.teams()[k] == TeamDraft.CONTROL) {
            controlClicks++;
          } else {
            treatmentClicks++;
          }
        }
      }
      Byte winner = TeamDraft.winner(controlClicks, treatmentClicks);
      if (winner != null) {
        if (winner == TeamDraft.CONTROL) {
          controlWins++;
        } else {
          treatmentWins++;
        }
      }
    }
    long contested = controlWins + treatmentWins;
    double z = contested == 0 ? 0 : (treatmentWins - contested / 2.0) / Math.sqrt(contested / 4.0);
    return new Outcome(z, ExperimentStatistics.signTest(treatmentWins, contested));
  }

  /** A/B: each user is in one arm for good (a coin per user); clicked lists over served lists, users as clusters. */
  public static Outcome ab(int impressions, double controlNoise, double treatmentNoise, long seed) {
    ClickModel model = new ClickModel(seed);
    double[] users = users(model, impressions);
    boolean[] inTreatment = new boolean[users.length];
    for (int u = 0; u < users.length; u++) {
      inTreatment[u] = model.random().nextBoolean();
    }
    long[] lists = new long[users.length];
    long[] clickedLists = new long[users.length];
    for (int i = 0; i < impressions; i++) {
      model.nextRequest();
      int user = model.random().nextInt(users.length);
      int[] shown = model.rank(inTreatment[user] ? treatmentNoise : controlNoise);
      boolean[] clicked = model.clicks(shown, users[user]);
      lists[user]++;
      for (boolean c : clicked) {
        if (c) {
          clickedLists[user]++;
          break;
        }
      }
    }
    ArmTotals control = new ArmTotals();
    ArmTotals treatment = new ArmTotals();
    for (int u = 0; u < users.length; u++) {
      if (lists[u] > 0) {
        (inTreatment[u] ? treatment : control).addUser(lists[u], clickedLists[u]);
      }
    }
    Comparison comparison = ExperimentStatistics.compare(control, treatment);
    if (comparison == null) {
      return new Outcome(0, 1);
    }
    double se = Math.sqrt(control.rateVariance() + treatment.rateVariance());
    return new Outcome((treatment.rate() - control.rate()) / se, comparison.pValue());
  }

  private static double[] users(ClickModel model, int impressions) {
    double[] propensities = new double[Math.max(2, impressions / ClickModel.REQUESTS_PER_USER)];
    for (int u = 0; u < propensities.length; u++) {
      propensities[u] = model.propensity();
    }
    return propensities;
  }
}
