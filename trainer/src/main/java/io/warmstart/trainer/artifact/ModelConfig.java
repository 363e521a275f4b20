package io.warmstart.trainer.artifact;

import java.util.ArrayList;
import java.util.List;

/**
 * Shape of the id-free model; stored in every artifact so a scorer rebuilds inputs identically.
 * The switches turn on parts of the model added for warm starts; each was measured on and off under
 * protocol v3 (docs/benchmarks/trainer.md, ablation). An artifact written before a switch existed
 * reads it as off, which is the model it was.
 *
 * @param dim embedding width
 * @param hashBuckets size of the shared content-token table (tokens are hashed into it)
 * @param maxTokens tokens kept per item
 * @param maxContext most recent context items the user encoder reads
 * @param priorHidden width of the popularity/recency prior MLP
 * @param horizons popularity at several horizons (counts decayed by position with half-lives of
 *     N/8, N/4 and N/2 of the N events seen) as prior features
 * @param cooc a co-occurrence term: a learned weight times log(1 + co-occurrences of the item with
 *     the context's items), from each item's top co-occurring neighbours
 */
public record ModelConfig(int dim, int hashBuckets, int maxTokens, int maxContext, int priorHidden, boolean horizons,
    boolean cooc) {

  /** The switches by name, for command lines and reports. */
  public static final List<String> SWITCHES = List.of("horizons", "cooc");

  public static ModelConfig defaults() {
    return new ModelConfig(32, 1 << 14, 16, 20, 16, true, true);
  }

  /** The defaults with some switches off, e.g. for an ablation. */
  public static ModelConfig without(List<String> off) {
    for (String s : off) {
      if (!SWITCHES.contains(s)) {
        throw new IllegalArgumentException("unknown model switch '" + s + "', expected some of " + SWITCHES);
      }
    }
    ModelConfig d = defaults();
    return new ModelConfig(d.dim, d.hashBuckets, d.maxTokens, d.maxContext, d.priorHidden, !off.contains("horizons"),
        !off.contains("cooc"));
  }

  /** Number of per-item features this config computes ({@link ItemFeatures}). */
  public int features() {
    return ItemFeatures.count(this);
  }

  /** The switches that are off, by name. */
  public List<String> off() {
    List<String> out = new ArrayList<>();
    if (!horizons) {
      out.add("horizons");
    }
    if (!cooc) {
      out.add("cooc");
    }
    return out;
  }
}
