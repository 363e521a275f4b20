package io.warmstart.trainer.artifact;

import java.util.ArrayList;
import java.util.List;

/**
 * Shape of the id-free model; stored in every artifact so a scorer rebuilds inputs identically.
 * The switches turn on parts of the model added for warm starts; each is measured on and off under
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
 * @param tokenBias a learned bias per content token added to the prior: an item nobody touched
 *     yet gets a shared, content-based expectation instead of the same score as every other
 * @param cooc a co-occurrence term: a learned weight times log(1 + co-occurrences of the item with
 *     the context's items), from each item's top co-occurring neighbours
 * @param allTargets adaptation and meta-training predict every support event from the quarter
 *     after the first on (not only the second half), each from the events before its quarter
 * @param fullSoftmax the training loss ranks each target against the whole catalogue (its context
 *     items left out, as at evaluation) rather than against 128 uniformly sampled items, which
 *     mostly teach "popular beats obscure" and little about the order of the head a top-10 is made
 *     of; catalogues above {@link #FULL_SOFTMAX_MAX_ITEMS} items still sample
 * @param relativeYears a year in an item's title becomes its age at the time of the tenant's newest
 *     event (bucketed features) instead of absolute year and decade tokens: "released two years
 *     ago" means the same to a tenant in 2007 and in 2018, "2007" does not, and an init learned on
 *     past data would otherwise rank by the decades that were new then
 */
public record ModelConfig(int dim, int hashBuckets, int maxTokens, int maxContext, int priorHidden, boolean horizons,
    boolean tokenBias, boolean cooc, boolean allTargets, boolean fullSoftmax, boolean relativeYears) {

  /** The switches by name, for command lines and reports. */
  public static final List<String> SWITCHES =
      List.of("horizons", "token-bias", "cooc", "all-targets", "full-softmax", "relative-years");
  public static final int FULL_SOFTMAX_MAX_ITEMS = 20_000;

  public static ModelConfig defaults() {
    return new ModelConfig(32, 1 << 14, 16, 20, 16, true, true, true, true, true, true);
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
        !off.contains("token-bias"), !off.contains("cooc"), !off.contains("all-targets"), !off.contains("full-softmax"),
        !off.contains("relative-years"));
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
    if (!tokenBias) {
      out.add("token-bias");
    }
    if (!cooc) {
      out.add("cooc");
    }
    if (!allTargets) {
      out.add("all-targets");
    }
    if (!fullSoftmax) {
      out.add("full-softmax");
    }
    if (!relativeYears) {
      out.add("relative-years");
    }
    return out;
  }
}
