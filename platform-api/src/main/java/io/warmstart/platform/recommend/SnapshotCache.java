package io.warmstart.platform.recommend;

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
 * snapshot; later requests never wait: a stale snapshot keeps answering while a background rebuild
 * runs, and the new one replaces it in a single reference swap.
 */
@ApplicationScoped
public class SnapshotCache {

  private static final Logger LOG = Logger.getLogger(SnapshotCache.class);

  @Inject SnapshotLoader loader;
  @Inject ServingConfig config;

  private final Map<String, TenantSnapshot> current = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<TenantSnapshot>> building = new ConcurrentHashMap<>();
  private final ExecutorService builders = Executors.newFixedThreadPool(1, runnable -> {
    Thread thread = new Thread(runnable, "serving-snapshot-builder");
    thread.setDaemon(true);
    return thread;
  });

  public TenantSnapshot snapshotOf(String tenantId) {
    TenantSnapshot snapshot = current.get(tenantId);
    if (snapshot == null) {
      return rebuild(tenantId).join();
    }
    if (Duration.between(snapshot.builtAt(), Instant.now()).compareTo(config.refreshInterval()) > 0) {
      rebuild(tenantId);
    }
    return snapshot;
  }

  /** Drops a tenant's snapshot so the next request rebuilds it (after deletions that must not linger). */
  public void invalidate(String tenantId) {
    current.remove(tenantId);
  }

  private CompletableFuture<TenantSnapshot> rebuild(String tenantId) {
    return building.computeIfAbsent(tenantId, id -> CompletableFuture.supplyAsync(() -> loader.load(id), builders)
        .whenComplete((snapshot, failure) -> {
          building.remove(id);
          if (failure != null) {
            LOG.errorf(failure, "Could not rebuild the serving snapshot of %s", id);
          } else {
            current.put(id, snapshot);
          }
        }));
  }

  @PreDestroy
  void stop() {
    builders.shutdownNow();
  }
}
