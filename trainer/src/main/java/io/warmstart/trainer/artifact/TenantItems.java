package io.warmstart.trainer.artifact;

import java.util.List;

/**
 * The tenant's catalogue as the adapted model saw it: ids (row i of the residual table), content
 * token ids, the popularity/recency features, support counts for popularity, and co-occurrence
 * neighbours for the co-occurrence term (null in models without one).
 */
public record TenantItems(List<String> ids, int[][] tokens, float[][] features, int[] counts, CoNeighbours neighbours) {}
