package io.warmstart.platform.stats;

import java.time.Instant;

/**
 * What an operator scans a list of tenants for: is data arriving, is a model served, is it any good.
 *
 * @param eventsToday events accepted today (UTC), from the quota counters
 * @param eventsLast7Days events accepted over the last seven UTC days, today included
 * @param lastEventAt the newest event's timestamp (null: no events)
 * @param modelVersion the promoted model's label (null: popularity is served)
 * @param modelAgeSeconds seconds since that model's training finished
 * @param validationNdcgAt10 its validation NDCG@10 when it was trained
 * @param popularityValidationNdcgAt10 popularity's on the same validation users
 */
public record TenantHealth(
    String tenantId,
    long eventsToday,
    long eventsLast7Days,
    Instant lastEventAt,
    String modelVersion,
    Instant modelPromotedAt,
    Long modelAgeSeconds,
    Double validationNdcgAt10,
    Double popularityValidationNdcgAt10) {}
