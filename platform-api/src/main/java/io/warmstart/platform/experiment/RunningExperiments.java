package io.warmstart.platform.experiment;

import io.quarkus.scheduler.Scheduled;
import io.warmstart.platform.experiment.ExperimentDesign.Surface;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The running experiments of every tenant, in memory, so that serving asks no database whether a
 * request takes part in one. One small query per replica and {@link ExperimentsConfig#refreshInterval()}
 * keeps the copy current; when it fails the last copy stays. A tenant without an experiment costs
 * a map lookup.
 */
@ApplicationScoped
public class RunningExperiments {

  private static final Logger LOG = Logger.getLogger(RunningExperiments.class);

  @Inject ExperimentStore store;

  private volatile Map<String, Map<Surface, RunningExperiment>> byTenant = Map.of();
  private volatile boolean lastRefreshFailed;

  public Optional<RunningExperiment> on(String tenantId, Surface surface) {
    Map<Surface, RunningExperiment> surfaces = byTenant.get(tenantId);
    return surfaces == null ? Optional.empty() : Optional.ofNullable(surfaces.get(surface));
  }

  @Scheduled(every = "${warmstart.experiments.refresh-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    try {
      List<StoredExperiment> running = store.runningEverywhere();
      Map<String, Map<Surface, RunningExperiment>> next = new HashMap<>();
      for (StoredExperiment experiment : running) {
        next.computeIfAbsent(experiment.tenantId(), t -> new EnumMap<>(Surface.class)).put(experiment.surface(), experiment.running());
      }
      byTenant = next;
      if (lastRefreshFailed) {
        LOG.info("Running experiments reloaded");
        lastRefreshFailed = false;
      }
    } catch (RuntimeException e) {
      if (!lastRefreshFailed) {
        LOG.warnf("Could not reload the running experiments; serving goes on with the last known ones: %s", e.getMessage());
        lastRefreshFailed = true;
      }
    }
  }

  /** A tenant's experiments as this replica just wrote them (a start or a stop here takes effect at once). */
  synchronized void replaceTenant(String tenantId, List<StoredExperiment> running) {
    Map<String, Map<Surface, RunningExperiment>> next = new HashMap<>(byTenant);
    next.remove(tenantId);
    for (StoredExperiment experiment : running) {
      next.computeIfAbsent(tenantId, t -> new EnumMap<>(Surface.class)).put(experiment.surface(), experiment.running());
    }
    byTenant = next;
  }

  /** An experiment that stopped itself. */
  synchronized void remove(String tenantId, long experimentId) {
    Map<Surface, RunningExperiment> surfaces = byTenant.get(tenantId);
    if (surfaces == null || surfaces.values().stream().noneMatch(e -> e.id() == experimentId)) {
      return;
    }
    Map<String, Map<Surface, RunningExperiment>> next = new HashMap<>(byTenant);
    Map<Surface, RunningExperiment> kept = new EnumMap<>(Surface.class);
    surfaces.forEach((surface, e) -> {
      if (e.id() != experimentId) {
        kept.put(surface, e);
      }
    });
    next.put(tenantId, kept);
    byTenant = next;
  }
}
