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

  /** tenant -> its two sets, so a batch resolves its tenant once and then looks up ids directly. */
  private final Map<String, TenantKeys> tenants = new ConcurrentHashMap<>();

  /** The ids of one tenant, by kind: id -> when it was last seen committed. */
  static final class TenantKeys {
    private final Map<String, Long> users = new ConcurrentHashMap<>();
    private final Map<String, Long> items = new ConcurrentHashMap<>();

    boolean isKnown(Kind kind, String id, long now) {
      Long at = of(kind).get(id);
      return at != null && now - at < TTL_NANOS;
    }

    private Map<String, Long> of(Kind kind) {
      return kind == Kind.USER ? users : items;
    }
  }

  TenantKeys of(String tenantId) {
    return tenants.computeIfAbsent(tenantId, t -> new TenantKeys());
  }

  void remember(String tenantId, Kind kind, String[] ids) {
    Map<String, Long> seen = of(tenantId).of(kind);
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
    TenantKeys keys = tenants.get(tenantId);
    if (keys != null) {
      keys.of(kind).remove(id);
    }
  }

  public void forgetTenant(String tenantId) {
    tenants.remove(tenantId);
  }
}
