package io.warmstart.trainer.model;

import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.split.Events;
import java.util.ArrayList;
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
  /** Below this many events the parts are too small; fall back to one (leaky) snapshot. */
  static final int MIN_TEMPORAL_EVENTS = 20;

  public static TrainingData temporal(CatalogueContent content, Events events, ModelConfig cfg) {
    int n = events.size();
    if (n < MIN_TEMPORAL_EVENTS) {
      return single(TenantInputs.of(content, events, cfg), Examples.fromEvents(events, cfg.maxContext()));
    }
    int[] cuts = {n / 2, (3 * n) / 4, n};
    List<TenantInputs> inputs = new ArrayList<>();
    List<Examples> examples = new ArrayList<>();
    for (int c = 0; c + 1 < cuts.length; c++) {
      inputs.add(TenantInputs.of(content, events.prefix(cuts[c]), cfg));
      examples.add(Examples.fromEvents(events, cfg.maxContext(), cuts[c], cuts[c + 1]));
    }
    return new TrainingData(inputs, examples);
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
