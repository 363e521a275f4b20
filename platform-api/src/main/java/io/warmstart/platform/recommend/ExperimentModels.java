package io.warmstart.platform.recommend;

import io.warmstart.platform.common.WouldBlock;
import io.warmstart.platform.models.ModelRegistry;
import io.warmstart.trainer.artifact.ServingModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Model versions that an experiment serves beside (or instead of) the promoted one, e.g. v3 against
 * v4. The first request that needs one loads it from the registry, like the promoted model's first
 * request does; concurrent first requests share the load. At most {@link #MAX_MODELS} are kept:
 * only running experiments use them, and one tenant runs at most two.
 */
@ApplicationScoped
class ExperimentModels {

  static final int MAX_MODELS = 32;

  private record Key(String tenantId, int version) {}

  @Inject ModelRegistry registry;
  @Inject ServingConfig config;

  /** Empty means "checked: that version has no artifact"; such an arm is served by popularity. */
  private final Map<Key, Optional<ServedModel>> models = new ConcurrentHashMap<>();
  private final Map<Key, PersonalisedView> views = new ConcurrentHashMap<>();

  Optional<PersonalisedView> viewOf(String tenantId, int version, TenantSnapshot snapshot) {
    Key key = new Key(tenantId, version);
    Optional<ServedModel> model = models.get(key);
    if (model == null) {
      WouldBlock.unlessOnWorker();
      synchronized (this) {
        model = models.computeIfAbsent(key, this::load);
      }
    }
    if (model.isEmpty()) {
      return Optional.empty();
    }
    PersonalisedView view = views.get(key);
    if (view == null || !view.matches(snapshot, model.get())) {
      WouldBlock.unlessOnWorker();
      view = PersonalisedView.of(snapshot, model.get(), config.indexCandidates());
      views.put(key, view);
    }
    return Optional.of(view);
  }

  private Optional<ServedModel> load(Key key) {
    evictIfFull();
    return registry.modelArtifact(key.tenantId(), key.version()).map(stored -> {
      try {
        return new ServedModel(key.tenantId(), stored.version(), ServingModel.read(stored.bytes()));
      } catch (IOException e) {
        throw new IllegalStateException("Model v" + key.version() + " of " + key.tenantId() + " cannot be read", e);
      }
    });
  }

  private void evictIfFull() {
    Iterator<Key> keys = models.keySet().iterator();
    while (models.size() >= MAX_MODELS && keys.hasNext()) {
      Key evicted = keys.next();
      keys.remove();
      views.remove(evicted);
    }
  }
}
