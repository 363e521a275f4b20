package io.warmstart.platform.recommend;

import io.warmstart.platform.common.WouldBlock;
import io.warmstart.platform.models.ModelRegistry;
import io.warmstart.platform.models.ModelRegistry.StoredArtifact;
import io.warmstart.trainer.artifact.ServingModel;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The promoted model of each tenant, in memory. A promotion anywhere reaches every replica through
 * PostgreSQL NOTIFY ({@link ModelChangeListener}); the new model is loaded in the background while
 * the old one keeps answering, then swapped in with one reference write, so no request fails or
 * waits during a swap. A periodic check against the registry covers notifications lost while a
 * replica was disconnected.
 */
@ApplicationScoped
public class ModelCache {

  private static final Logger LOG = Logger.getLogger(ModelCache.class);

  @Inject ModelRegistry registry;
  @Inject ServingConfig config;

  /** Empty means "checked: no promoted model". */
  private final Map<String, Optional<ServedModel>> current = new ConcurrentHashMap<>();
  private final Map<String, Instant> checkedAt = new ConcurrentHashMap<>();
  private final Map<String, Object> firstLoadLocks = new ConcurrentHashMap<>();
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final ExecutorService loader = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "serving-model-loader");
    thread.setDaemon(true);
    return thread;
  });
  /** Builds item indexes one at a time, at low priority: serving goes on meanwhile, scoring every item. */
  private final ExecutorService indexer = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "serving-item-indexer");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    return thread;
  });

  /** The tenant's promoted model, or empty when it has none (serve without a model). */
  public Optional<ServedModel> modelOf(String tenantId) {
    Optional<ServedModel> model = current.get(tenantId);
    if (model == null) {
      WouldBlock.unlessOnWorker();
      return firstLoad(tenantId);
    }
    Instant lastCheck = checkedAt.get(tenantId);
    Instant now = Instant.now();
    if (lastCheck != null && Duration.between(lastCheck, now).compareTo(config.modelRecheckInterval()) > 0
        && checkedAt.replace(tenantId, lastCheck, now)) {
      reload(tenantId);
    }
    return model;
  }

  /** Loads the tenant's promoted model again in the background (a promotion was announced). */
  public void reload(String tenantId) {
    // One queued load per tenant is enough: it reads whatever is promoted when it runs.
    if (queued.add(tenantId)) {
      loader.execute(() -> {
        queued.remove(tenantId);
        try {
          refresh(tenantId);
        } catch (RuntimeException e) {
          LOG.errorf(e, "Could not load the promoted model of %s; serving the previous one", tenantId);
        }
      });
    }
  }

  /** Re-checks every tenant this replica serves (after a reconnect, when notifications may have been missed). */
  public void reloadAll() {
    current.keySet().forEach(this::reload);
  }

  /** The first request of a tenant loads its model itself; concurrent first requests share that load. */
  private Optional<ServedModel> firstLoad(String tenantId) {
    synchronized (firstLoadLocks.computeIfAbsent(tenantId, id -> new Object())) {
      Optional<ServedModel> model = current.get(tenantId);
      return model != null ? model : refresh(tenantId);
    }
  }

  private Optional<ServedModel> refresh(String tenantId) {
    Optional<ServedModel> loaded = current.get(tenantId);
    Optional<Integer> promoted = registry.promotedVersion(tenantId);
    if (loaded != null && loaded.map(ServedModel::version).equals(promoted)) {
      checkedAt.put(tenantId, Instant.now());
      return loaded;
    }
    Optional<ServedModel> next = registry.promotedModel(tenantId).map(stored -> load(tenantId, stored));
    current.put(tenantId, next);
    checkedAt.put(tenantId, Instant.now());
    next.ifPresent(m -> LOG.infof("Serving %s of %s (%d items)", m.label(), tenantId, m.model().size()));
    next.ifPresent(this::indexIfBig);
    return next;
  }

  /** A catalogue big enough gets an item index, built off the request path; a model served by popularity alone needs none. */
  private void indexIfBig(ServedModel served) {
    int minItems = config.indexMinItems();
    if (minItems <= 0 || served.model().size() < minItems || served.model().guarded()) {
      return;
    }
    indexer.execute(() -> {
      if (current.getOrDefault(served.tenantId(), Optional.empty()).orElse(null) != served) {
        return; // replaced before its turn came
      }
      try {
        ItemIndex index = ItemIndex.build(served.model(), config.indexCandidates(), 200);
        served.indexSlot().set(index);
        LOG.infof("Item index of %s %s: %d items in %.1f s (graph %.1f MB); recall@10 of the model's exact top 10 among %d candidates: %.3f (200 sampled contexts)",
            served.tenantId(), served.label(), index.rows(), index.buildMillis() / 1000.0, index.graph().bytes() / 1e6, config.indexCandidates(),
            index.sampledRecall());
      } catch (RuntimeException e) {
        LOG.errorf(e, "Could not index the items of %s %s; it is served by scoring every item", served.tenantId(), served.label());
      }
    });
  }

  private static ServedModel load(String tenantId, StoredArtifact stored) {
    // DJL decodes the artifact and computes the item vectors once; scoring then runs on plain arrays.
    try {
      return new ServedModel(tenantId, stored.version(), ServingModel.read(stored.bytes()));
    } catch (IOException e) {
      throw new IllegalStateException("Model " + stored.version() + " of " + tenantId + " cannot be read", e);
    }
  }

  /** Forgets a tenant (deleted): its next request finds out again. */
  public void forget(String tenantId) {
    current.remove(tenantId);
    checkedAt.remove(tenantId);
  }

  @PreDestroy
  void stop() {
    loader.shutdownNow();
    indexer.shutdownNow();
  }
}
