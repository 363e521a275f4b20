package io.warmstart.platform.experiment;

import java.time.Instant;
import java.util.List;

/** Request and response bodies of the experiments API. */
public final class ExperimentViews {

  private ExperimentViews() {}

  /**
   * @param method {@code interleaving} (default) or {@code ab}
   * @param control a ranker: {@code popularity}, {@code served} or a model version like {@code v3}
   * @param maxImpressions the experiment stops itself after this many served lists (default 20,000)
   */
  public record CreateExperiment(String name, String surface, String method, String control, String treatment, Long maxImpressions) {}

  public record Experiment(
      long id,
      String name,
      String surface,
      String method,
      String control,
      String treatment,
      String status,
      long maxImpressions,
      Instant createdAt,
      Instant startedAt,
      Instant stoppedAt,
      String stopReason,
      Results results) {}

  /**
   * @param impressions lists served in the experiment
   * @param clicks distinct items clicked in those lists
   * @param pValue two-sided; null until there is something to test
   * @param significant pValue below 0.05
   * @param verdict the result in words, "not significant yet" included
   */
  public record Results(
      long impressions, long clicks, Double pValue, boolean significant, String verdict, InterleavingResults interleaving, AbResults ab) {}

  /**
   * @param treatmentPreference the treatment's share of the lists that favoured one side
   */
  public record InterleavingResults(
      long listsWithClicks, long controlWins, long treatmentWins, long ties,
      Double treatmentPreference, Double preferenceLow, Double preferenceHigh) {}

  /** @param clicks lists with at least one click (the rate's numerator) */
  public record Arm(long users, long impressions, long clicks, Double clickThroughRate, Double low, Double high) {}

  /** @param relativeLift treatment's rate over control's, minus 1 */
  public record AbResults(Arm control, Arm treatment, Double relativeLift, Double liftLow, Double liftHigh) {}

  public record ExperimentList(List<Experiment> items) {}
}
