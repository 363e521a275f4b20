package io.warmstart.platform.experiment;

import io.warmstart.platform.audit.AuditLog;
import io.warmstart.platform.experiment.ExperimentDesign.Method;
import io.warmstart.platform.experiment.ExperimentDesign.Ranker;
import io.warmstart.platform.experiment.ExperimentDesign.RankerKind;
import io.warmstart.platform.experiment.ExperimentDesign.Surface;
import io.warmstart.platform.experiment.ExperimentStore.ExperimentStoreException;
import io.warmstart.platform.experiment.ExperimentViews.CreateExperiment;
import io.warmstart.platform.experiment.ExperimentViews.Experiment;
import io.warmstart.platform.models.ModelRegistry;
import io.warmstart.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

/** A tenant's experiments: create, start, stop, read with results. */
@ApplicationScoped
public class ExperimentService {

  static final int LIST_LIMIT = 100;
  static final long MIN_IMPRESSIONS = 100;
  static final long MAX_IMPRESSIONS = 10_000_000;

  @Inject ExperimentStore store;
  @Inject ExperimentResults results;
  @Inject RunningExperiments running;
  @Inject ModelRegistry registry;
  @Inject ExperimentsConfig config;
  @Inject AuditLog audit;

  @Transactional
  public Experiment create(String tenantId, CreateExperiment request) {
    if (request == null) {
      throw ProblemException.invalidField("", "a body is required: name, surface, control and treatment");
    }
    String name = request.name() == null ? "" : request.name().strip();
    if (name.isEmpty() || name.length() > 200) {
      throw ProblemException.invalidField("/name", "is required, at most 200 characters");
    }
    Surface surface = Surface.parse(request.surface(), "/surface");
    Method method = Method.parse(request.method(), "/method");
    Ranker control = Ranker.parse(request.control(), "/control");
    Ranker treatment = Ranker.parse(request.treatment(), "/treatment");
    if (control.equals(treatment)) {
      throw ProblemException.invalidField("/treatment", "must differ from control: an experiment compares two rankers");
    }
    requireStoredModel(tenantId, control, "/control");
    requireStoredModel(tenantId, treatment, "/treatment");
    long maxImpressions = request.maxImpressions() == null ? config.defaultMaxImpressions() : request.maxImpressions();
    if (maxImpressions < MIN_IMPRESSIONS || maxImpressions > MAX_IMPRESSIONS) {
      throw ProblemException.invalidField("/maxImpressions", "must be between " + MIN_IMPRESSIONS + " and " + MAX_IMPRESSIONS);
    }
    StoredExperiment created = store.insert(tenantId, name, surface, method, control, treatment, maxImpressions);
    audit.record(tenantId, "experiment.create", Map.of("experiment", created.id(), "name", name, "method", method.wireName(),
        "control", control.wireName(), "treatment", treatment.wireName()));
    return view(created);
  }

  @Transactional
  public Experiment get(String tenantId, long id) {
    return view(find(tenantId, id));
  }

  @Transactional
  public List<Experiment> list(String tenantId) {
    return store.list(tenantId, LIST_LIMIT).stream().map(this::view).toList();
  }

  @Transactional
  public Experiment start(String tenantId, long id) {
    StoredExperiment experiment = find(tenantId, id);
    if (experiment.status() != ExperimentDesign.Status.DRAFT) {
      throw ProblemException.conflict("Experiment " + id + " is " + experiment.status().wireName() + ": only a draft can start (create a new one to run it again)");
    }
    store.runningOn(tenantId, experiment.surface()).ifPresent(other -> {
      throw runsAlready(other);
    });
    StoredExperiment started;
    try {
      started = store.start(tenantId, id).orElseThrow(() -> ProblemException.conflict("Experiment " + id + " changed meanwhile; read it again"));
    } catch (ExperimentStoreException e) {
      if (e.isUniqueViolation()) {
        throw ProblemException.conflict("Another experiment started on the surface '" + experiment.surface().wireName() + "' at the same time");
      }
      throw e;
    }
    audit.record(tenantId, "experiment.start", Map.of("experiment", id));
    running.replaceTenant(tenantId, store.runningOf(tenantId));
    return view(started);
  }

  @Transactional
  public Experiment stop(String tenantId, long id) {
    StoredExperiment experiment = find(tenantId, id);
    StoredExperiment stopped = store.stop(tenantId, id, "stopped by an admin")
        .orElseThrow(() -> ProblemException.conflict("Experiment " + id + " is " + experiment.status().wireName() + ", not running"));
    audit.record(tenantId, "experiment.stop", Map.of("experiment", id));
    running.replaceTenant(tenantId, store.runningOf(tenantId));
    return view(stopped);
  }

  private StoredExperiment find(String tenantId, long id) {
    return store.find(tenantId, id).orElseThrow(() -> ProblemException.notFound("No experiment " + id));
  }

  private void requireStoredModel(String tenantId, Ranker ranker, String pointer) {
    if (ranker.kind() == RankerKind.VERSION && !registry.hasModelArtifact(tenantId, ranker.version())) {
      throw ProblemException.invalidField(pointer, "there is no stored model v" + ranker.version() + " (see GET /v1/models)");
    }
  }

  private static ProblemException runsAlready(StoredExperiment other) {
    return ProblemException.conflict("Experiment " + other.id() + " ('" + other.name() + "') already runs on the surface '"
        + other.surface().wireName() + "': stop it first (one experiment per surface)");
  }

  private Experiment view(StoredExperiment e) {
    return new Experiment(e.id(), e.name(), e.surface().wireName(), e.method().wireName(), e.control().wireName(), e.treatment().wireName(),
        e.status().wireName(), e.maxImpressions(), e.createdAt(), e.startedAt(), e.stoppedAt(), e.stopReason(), results.of(e));
  }
}
