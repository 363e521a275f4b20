package io.warmstart.platform.stats;

/**
 * Feedback on served lists, grouped by what made them: a model version ({@code v3}) or a
 * model-free strategy ({@code popularity}), read from the prefix of the {@code recommendationId}
 * that feedback events cite.
 *
 * @param source the model version or strategy
 * @param impressions events of type {@code impression}
 * @param clicks events of type {@code click}
 * @param otherInteractions any other event type citing a list of this source (views, purchases, ...)
 * @param clickThroughRate clicks / impressions; null without impressions
 */
public record ClickThrough(String source, long impressions, long clicks, long otherInteractions, Double clickThroughRate) {}
