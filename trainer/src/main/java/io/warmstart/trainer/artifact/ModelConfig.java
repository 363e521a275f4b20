package io.warmstart.trainer.artifact;

/**
 * Shape of the id-free model; stored in every artifact so a scorer rebuilds inputs identically.
 *
 * @param dim embedding width
 * @param hashBuckets size of the shared content-token table (tokens are hashed into it)
 * @param maxTokens tokens kept per item
 * @param maxContext most recent context items the user encoder reads
 * @param priorHidden width of the popularity/recency prior MLP
 */
public record ModelConfig(int dim, int hashBuckets, int maxTokens, int maxContext, int priorHidden) {
  public static ModelConfig defaults() {
    return new ModelConfig(32, 1 << 14, 16, 20, 16);
  }
}
