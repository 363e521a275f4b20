package io.warmstart.platform.quota;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.tenant.TenantDirectory;
import io.warmstart.platform.tenant.TenantSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Per-tenant limits: a request rate (a token bucket in each replica), events per UTC day (counted
 * in PostgreSQL, so all replicas share one budget) and catalogue size. Exceeding any is a 429
 * problem with {@code Retry-After}; nothing of the refused request is stored.
 *
 * <p>Accepted events are added to {@code tenant_usage} once a second per tenant, not once per
 * batch: a write per batch was a second commit for every batch, and concurrent batches of one
 * tenant queued on that one row's lock. This replica's unwritten count is added wherever it reads
 * the usage, so its own view is exact; other replicas see it within a second. A process killed
 * without a shutdown loses at most its last second of counts (the events themselves are stored).
 */
@ApplicationScoped
public class TenantQuotas {

  private static final Logger LOG = Logger.getLogger(TenantQuotas.class);

  /** How long a tenant's usage read from PostgreSQL is trusted before it is read again. */
  private static final Duration USAGE_TTL = Duration.ofSeconds(1);
  private static final Duration ITEM_COUNT_TTL = Duration.ofSeconds(5);

  @Inject QuotaConfig defaults;
  @Inject TenantDirectory directory;
  @Inject AgroalDataSource dataSource;

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, Usage> usage = new ConcurrentHashMap<>();
  private final Map<String, ItemCount> itemCounts = new ConcurrentHashMap<>();
  /** Accepted events not yet added to tenant_usage. */
  private final Map<UsageKey, Long> unwritten = new ConcurrentHashMap<>();
  /** Whether the last write failed: an outage is logged when it starts and when it ends, not every second. */
  private volatile boolean lastWriteFailed;

  /** Takes one request from the tenant's bucket, or refuses with the wait until the next token. */
  public void checkRequest(String tenantId) {
    double rate = limits(tenantId).requestsPerSecond();
    Bucket bucket = buckets.computeIfAbsent(tenantId, id -> new Bucket());
    double waitSeconds = bucket.take(rate, Math.max(1, rate * defaults.burstSeconds()));
    if (waitSeconds > 0) {
      throw ProblemException.tooManyRequests(
          String.format("Tenant '%s' is limited to %.0f requests per second", tenantId, rate), (long) Math.ceil(waitSeconds));
    }
  }

  /** Refuses a batch that would take the tenant past its events of today. */
  public void checkEvents(String tenantId, long incoming) {
    long quota = limits(tenantId).eventsPerDay();
    long today = eventsToday(tenantId);
    if (today + incoming > quota) {
      long untilMidnight = Duration.between(Instant.now(), LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC)).getSeconds();
      throw ProblemException.tooManyRequests(String.format(
          "Tenant '%s' may send %d events per day (UTC); %d were accepted today and this request has %d", tenantId, quota, today, incoming),
          untilMidnight);
    }
  }

  /** Counts accepted events towards today's quota (written to tenant_usage by {@link #writeUsage}). */
  public void recordEvents(String tenantId, long accepted) {
    if (accepted <= 0) {
      return;
    }
    unwritten.merge(new UsageKey(tenantId, LocalDate.now(ZoneOffset.UTC)), accepted, Long::sum);
    usage.computeIfPresent(tenantId, (id, u) -> new Usage(u.day(), u.events() + accepted, u.readAt()));
  }

  /** Events this replica accepted today for the tenant and has not written to tenant_usage yet. */
  public long unwrittenEventsToday(String tenantId) {
    return unwritten.getOrDefault(new UsageKey(tenantId, LocalDate.now(ZoneOffset.UTC)), 0L);
  }

  /** Adds the counts of the last second to tenant_usage, one statement per tenant and day. */
  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void writeUsage() {
    for (UsageKey key : List.copyOf(unwritten.keySet())) {
      // remove() is atomic against merge(): a count is either taken here or left for the next round.
      Long events = unwritten.remove(key);
      if (events == null) {
        continue;
      }
      try (Connection connection = dataSource.getConnection();
          PreparedStatement upsert = connection.prepareStatement(
              "INSERT INTO tenant_usage (tenant_id, day, events) VALUES (?, ?, ?) "
                  + "ON CONFLICT (tenant_id, day) DO UPDATE SET events = tenant_usage.events + EXCLUDED.events")) {
        upsert.setString(1, key.tenantId());
        upsert.setObject(2, key.day());
        upsert.setLong(3, events);
        upsert.executeUpdate();
      } catch (SQLException | RuntimeException e) {
        unwritten.merge(key, events, Long::sum);
        if (!lastWriteFailed) {
          LOG.warnf("Could not count %d events of %s yet (%s); trying again every second", events, key.tenantId(), e.getMessage());
          lastWriteFailed = true;
        }
        return;
      }
      if (lastWriteFailed) {
        LOG.info("Event counts are written to tenant_usage again");
        lastWriteFailed = false;
      }
    }
  }

  /** A graceful stop writes what is left. */
  void writeUsageOnStop(@Observes ShutdownEvent stop) {
    writeUsage();
  }

  /** Refuses new items beyond the catalogue limit (updates of existing items always pass). */
  public void checkItems(String tenantId, List<String> itemIds) {
    long max = limits(tenantId).maxItems();
    // Counting a large catalogue on every upsert would cost more than the upsert: a count a few
    // seconds old is good enough to see that a batch is far from the limit.
    ItemCount cached = itemCounts.get(tenantId);
    if (cached != null && Duration.between(cached.readAt(), Instant.now()).compareTo(ITEM_COUNT_TTL) < 0
        && cached.items() + itemIds.size() <= max) {
      itemCounts.put(tenantId, new ItemCount(cached.items() + itemIds.size(), cached.readAt()));
      return;
    }
    long current = count("SELECT count(*) FROM items WHERE tenant_id = ?", tenantId, null);
    itemCounts.put(tenantId, new ItemCount(current + itemIds.size(), Instant.now()));
    if (current + itemIds.size() <= max) {
      return;
    }
    long fresh = count("SELECT count(*) FROM unnest(?::text[]) AS id WHERE NOT EXISTS "
        + "(SELECT 1 FROM items WHERE tenant_id = ? AND item_id = id)", tenantId, itemIds);
    if (current + fresh > max) {
      throw ProblemException.tooManyRequests(String.format(
          "Tenant '%s' may have %d items; it has %d and this request adds %d (delete items or ask for a larger quota)",
          tenantId, max, current, fresh), 3600);
    }
  }

  /** The tenant's effective limits: its own where set, else the platform defaults. */
  public TenantSettings.Quotas limits(String tenantId) {
    TenantSettings.Quotas own = directory.settingsOf(tenantId).quotas();
    return new TenantSettings.Quotas(
        own != null && own.requestsPerSecond() != null ? own.requestsPerSecond() : defaults.requestsPerSecond(),
        own != null && own.eventsPerDay() != null ? own.eventsPerDay() : defaults.eventsPerDay(),
        own != null && own.maxItems() != null ? own.maxItems() : defaults.maxItems());
  }

  private long eventsToday(String tenantId) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Usage cached = usage.get(tenantId);
    if (cached != null && cached.day().equals(today) && Duration.between(cached.readAt(), Instant.now()).compareTo(USAGE_TTL) < 0) {
      return cached.events();
    }
    long events;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT events FROM tenant_usage WHERE tenant_id = ? AND day = ?")) {
      query.setString(1, tenantId);
      query.setObject(2, today);
      try (ResultSet row = query.executeQuery()) {
        events = row.next() ? row.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the usage of " + tenantId, e);
    }
    events += unwrittenEventsToday(tenantId);
    usage.put(tenantId, new Usage(today, events, Instant.now()));
    return events;
  }

  private long count(String sql, String tenantId, List<String> ids) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      if (ids == null) {
        query.setString(1, tenantId);
      } else {
        query.setArray(1, connection.createArrayOf("text", ids.toArray()));
        query.setString(2, tenantId);
      }
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not count the items of " + tenantId, e);
    }
  }

  private record Usage(LocalDate day, long events, Instant readAt) {}

  /** An upper bound of the tenant's items: the last count plus what was accepted since. */
  private record ItemCount(long items, Instant readAt) {}

  private record UsageKey(String tenantId, LocalDate day) {}

  /** A token bucket refilled continuously at the tenant's rate. */
  private static final class Bucket {
    private double tokens = -1;
    private long updatedNanos = System.nanoTime();

    /** Takes a token; returns 0, or the seconds until one is available. */
    synchronized double take(double rate, double capacity) {
      long now = System.nanoTime();
      tokens = tokens < 0 ? capacity : Math.min(capacity, tokens + (now - updatedNanos) / 1e9 * rate);
      updatedNanos = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (1 - tokens) / rate;
    }
  }
}
