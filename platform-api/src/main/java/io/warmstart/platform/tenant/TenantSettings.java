package io.warmstart.platform.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's own tuning, stored as JSON.
 *
 * @param eventTypes accepted event types and their weight as a training signal; the built-in types
 *     are always accepted, a tenant may add its own and re-weight any
 * @param retentionDays how long events are kept (null: forever)
 * @param quotas the tenant's limits (null: the platform defaults)
 * @param autoTraining whether models are trained and re-adapted automatically as events arrive
 *     (null: yes); operators can still start an adaptation by hand
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantSettings(Map<String, Double> eventTypes, Integer retentionDays, Boolean autoTraining, Quotas quotas) {

  /**
   * The tenant's own limits; an absent field takes the platform default ({@code warmstart.quotas.*}).
   *
   * @param requestsPerSecond tenant-scoped API requests per second, per replica
   * @param eventsPerDay events accepted per UTC day, across replicas
   * @param maxItems catalogue size
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Quotas(Double requestsPerSecond, Long eventsPerDay, Long maxItems) {}


  /** The types every tenant accepts, with weights that reflect how strong a signal each one is. */
  public static final Map<String, Double> BUILT_IN_EVENT_TYPES = builtInTypes();

  public TenantSettings {
    eventTypes = eventTypes == null ? Map.of() : Map.copyOf(eventTypes);
  }

  public static TenantSettings defaults() {
    return new TenantSettings(Map.of(), null, null, null);
  }

  public boolean trainsAutomatically() {
    return autoTraining == null || autoTraining;
  }

  /** Built-in types overlaid with this tenant's own. */
  public Map<String, Double> effectiveEventTypes() {
    Map<String, Double> merged = new LinkedHashMap<>(BUILT_IN_EVENT_TYPES);
    merged.putAll(eventTypes);
    return merged;
  }

  public Set<String> acceptedEventTypes() {
    return effectiveEventTypes().keySet();
  }

  private static Map<String, Double> builtInTypes() {
    Map<String, Double> types = new LinkedHashMap<>();
    types.put("view", 1.0);
    types.put("click", 1.0);
    types.put("impression", 0.0);
    types.put("add-to-cart", 3.0);
    types.put("purchase", 5.0);
    types.put("rating", 2.0);
    types.put("play", 2.0);
    types.put("like", 3.0);
    types.put("dislike", -1.0);
    return java.util.Collections.unmodifiableMap(types);
  }
}
