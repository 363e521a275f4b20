package io.warmstart.trainer.model;

import io.warmstart.trainer.split.Events;
import java.util.List;
import java.util.Random;

/**
 * Training examples grouped by the feature snapshot they must be scored with.
 *
 * <p>Why snapshots: popularity features computed from the very events being predicted leak the
 * answer (every training positive is "seen", none of the items a test user takes next need be),
 * and a model, above all a meta-learned init, then learns to over-trust them. So events in
 * [50%, 75%) of a stream are predicted from features of its first 50%, and events in [75%, 100%)
 * from features of its first 75%: training looks like serving, where features describe the past.
 */
public record TrainingData(List<TenantInputs> inputs, List<Examples> examples) {
  /** Below this many events the two halves are too small; fall back to one (leaky) snapshot. */
  static final int MIN_TEMPORAL_EVENTS = 20;

  public static TrainingData temporal(int[][] tokens, Events events, int maxContext) {
    int n = events.size();
    if (n < MIN_TEMPORAL_EVENTS) {
      return single(TenantInputs.of(tokens, events), Examples.fromEvents(events, maxContext));
    }
    int half = n / 2;
    int threeQuarters = (3 * n) / 4;
    return new TrainingData(
        List.of(TenantInputs.of(tokens, events.prefix(half)), TenantInputs.of(tokens, events.prefix(threeQuarters))),
        List.of(Examples.fromEvents(events, maxContext, half, threeQuarters), Examples.fromEvents(events, maxContext, threeQuarters, n)));
  }

  public static TrainingData single(TenantInputs inputs, Examples examples) {
    return new TrainingData(List.of(inputs), List.of(examples));
  }

  public int numItems() {
    return inputs.get(0).numItems();
  }

  public int size() {
    return examples.stream().mapToInt(Examples::size).sum();
  }

  /** A snapshot index, chosen in proportion to its number of examples. */
  public int pick(Random r) {
    int x = r.nextInt(Math.max(1, size()));
    for (int k = 0; k < examples.size(); k++) {
      x -= examples.get(k).size();
      if (x < 0) {
        return k;
      }
    }
    return examples.size() - 1;
  }
}
