package io.warmstart.platform.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * User and item ids this process has recently seen committed, so that a batch of events does not
 * ask PostgreSQL to upsert the same few thousand keys again and again (that upsert cost PostgreSQL
 * more CPU than the events themselves; see docs/benchmarks.md). Entries expire after
 * {@link #TTL_NANOS}, and deletions made through this process drop them at once; a deletion made
 * through another replica is seen here within the TTL.
 */
@ApplicationScoped
public class KnownKeys {

  /** Which table a key lives in. */
  public enum Kind {
    USER,
    ITEM
  }

  static final long TTL_NANOS = 60_000_000_000L;
  static final int MAX_ENTRIES_PER_TENANT = 500_000;

  /** tenant -> id -> when it was last seen committed; one map per kind, so lookups build no key strings. */
  private final Map<String, Map<String, Long>> users = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Long>> items = new ConcurrentHashMap<>();

  boolean isKnown(String tenantId, Kind kind, String id) {
    Map<String, Long> seen = byTenant(kind).get(tenantId);
    Long at = seen == null ? null : seen.get(id);
    return at != null && System.nanoTime() - at < TTL_NANOS;
  }

  void remember(String tenantId, Kind kind, Iterable<String> ids) {
    Map<String, Long> seen = byTenant(kind).computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>());
    if (seen.size() > MAX_ENTRIES_PER_TENANT) {
      // Cheaper than LRU bookkeeping on the hot path; the cost of a miss is one upsert.
      seen.clear();
    }
    long now = System.nanoTime();
    for (String id : ids) {
      seen.put(id, now);
    }
  }

  public void forget(String tenantId, Kind kind, String id) {
    Map<String, Long> seen = byTenant(kind).get(tenantId);
    if (seen != null) {
      seen.remove(id);
    }
  }

  public void forgetTenant(String tenantId) {
    users.remove(tenantId);
    items.remove(tenantId);
  }

  private Map<String, Map<String, Long>> byTenant(Kind kind) {
    return kind == Kind.USER ? users : items;
  }
}
