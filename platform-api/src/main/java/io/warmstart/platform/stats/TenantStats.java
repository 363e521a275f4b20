package io.warmstart.platform.stats;

import java.time.LocalDate;
import java.util.List;

/** Counts of a tenant's data and its recent event volume. */
public record TenantStats(
    String tenantId, long events, long items, long placeholderItems, long users, List<DailyCount> eventsPerDay) {

  /** Events whose timestamp falls on one UTC day. */
  public record DailyCount(LocalDate day, long events) {}
}
