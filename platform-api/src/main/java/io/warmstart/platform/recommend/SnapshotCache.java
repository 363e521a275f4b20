package io.warmstart.platform.recommend;

import io.warmstart.platform.common.WouldBlock;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The current serving snapshot of each tenant. The first request of a tenant waits for its
 * snapshot; later requests never wait: once a snapshot is older than the refresh interval, a
 * background check compares the tenant's data version with the snapshot's and rebuilds only if the
 * data changed, while the old snapshot keeps answering; the new one replaces it in a single
 * reference swap.
 */
@ApplicationScoped
public class SnapshotCache {

  private static final Logger LOG = Logger.getLogger(SnapshotCache.class);

  @Inject SnapshotLoader loader;
  @Inject ServingConfig config;

  private final Map<String, TenantSnapshot> current = new ConcurrentHashMap<>();
  private final Map<String, Instant> checkedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> generation = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<TenantSnapshot>> building = new ConcurrentHashMap<>();
  private final ExecutorService builders = Executors.newFixedThreadPool(1, runnable -> {
    Thread thread = new Thread(runnable, "serving-snapshot-builder");
    thread.setDaemon(true);
    return thread;
  });

  public TenantSnapshot snapshotOf(String tenantId) {
    TenantSnapshot snapshot = current.get(tenantId);
    if (snapshot == null) {
      WouldBlock.unlessOnWorker();
      return rebuild(tenantId).join();
    }
    Instant lastCheck = checkedAt.getOrDefault(tenantId, snapshot.builtAt());
    Instant now = Instant.now();
    if (Duration.between(lastCheck, now).compareTo(config.refreshInterval()) > 0 && claimCheck(tenantId, lastCheck, now)) {
      refreshIfChanged(tenantId, snapshot);
    }
    return snapshot;
  }

  /** Exactly one request per interval starts the check. */
  private boolean claimCheck(String tenantId, Instant lastCheck, Instant now) {
    return checkedAt.containsKey(tenantId)
        ? checkedAt.replace(tenantId, lastCheck, now)
        : checkedAt.putIfAbsent(tenantId, now) == null;
  }

  /** Drops a tenant's snapshot so the next request rebuilds it (after deletions that must not linger). */
  public void invalidate(String tenantId) {
    generation.merge(tenantId, 1L, Long::sum);
    building.remove(tenantId);
    current.remove(tenantId);
    checkedAt.remove(tenantId);
  }

  private void refreshIfChanged(String tenantId, TenantSnapshot snapshot) {
    builders.execute(() -> {
      try {
        if (loader.dataVersion(tenantId).isAfter(snapshot.dataVersion())) {
          rebuild(tenantId);
        }
      } catch (RuntimeException e) {
        LOG.warnf(e, "Could not check whether %s changed", tenantId);
      }
    });
  }

  /**
   * Starts a build unless one is running. A build started before {@link #invalidate} is not
   * installed: its data may predate the change that caused the invalidation.
   */
  private CompletableFuture<TenantSnapshot> rebuild(String tenantId) {
    CompletableFuture<TenantSnapshot> created = new CompletableFuture<>();
    CompletableFuture<TenantSnapshot> running = building.putIfAbsent(tenantId, created);
    if (running != null) {
      return running;
    }
    long generationAtStart = generation.getOrDefault(tenantId, 0L);
    builders.execute(() -> {
      try {
        TenantSnapshot snapshot = loader.load(tenantId);
        if (generation.getOrDefault(tenantId, 0L) == generationAtStart) {
          current.put(tenantId, snapshot);
          checkedAt.put(tenantId, snapshot.builtAt());
        }
        created.complete(snapshot);
      } catch (RuntimeException e) {
        LOG.errorf(e, "Could not rebuild the serving snapshot of %s", tenantId);
        created.completeExceptionally(e);
      } finally {
        building.remove(tenantId, created);
      }
    });
    return created;
  }

  @PreDestroy
  void stop() {
    builders.shutdownNow();
  }
}
