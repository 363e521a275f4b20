package io.warmstart.platform.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warmstart.platform.jobs.Job;
import io.warmstart.platform.jobs.JobHandler;
import io.warmstart.platform.jobs.JobProgress;
import io.warmstart.platform.models.ModelRegistry.StoredArtifact;
import io.warmstart.platform.models.ModelRegistry.TrainingResult;
import io.warmstart.platform.tenant.TenantDirectory;
import io.warmstart.platform.tenant.TenantStatus;
import io.warmstart.trainer.artifact.Blend;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.policy.ServingEvidence;
import io.warmstart.trainer.service.TenantAdapter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Adapts the promoted meta-init to one tenant (from scratch while there is none), stores the
 * result and promotes it when the trainer's serving rule says so: from the meta-init's
 * cross-tenant evidence for tenants of this size (with the tenant's own held-back users as a safety
 * net), or, without evidence, from the tenant's own users; otherwise the version is kept as
 * REJECTED with the reason.
 */
@ApplicationScoped
public class AdaptJobHandler implements JobHandler {

  public static final String KIND = "adapt";
  private static final Logger LOG = Logger.getLogger(AdaptJobHandler.class);

  @Inject ModelRegistry registry;
  @Inject TrainingDataReader reader;
  @Inject TenantDirectory directory;
  @Inject TrainingConfig config;
  @Inject ObjectMapper json;

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String run(Job job, JobProgress progress) throws Exception {
    String tenantId = job.tenantId();
    if (directory.statusOf(tenantId).orElse(TenantStatus.DELETED) != TenantStatus.ACTIVE) {
      return "skipped: tenant " + tenantId + " is not active";
    }
    JsonNode payload = json.readTree(job.payload());
    Integer maxSteps = payload.hasNonNull("maxSteps") ? payload.get("maxSteps").asInt() : null;
    Optional<StoredArtifact> metaInit = registry.promotedMetaInit();
    Optional<StoredArtifact> incumbent = registry.promotedModel(tenantId);
    Integer metaInitVersion = metaInit.map(StoredArtifact::version).orElse(null);
    Integer incumbentVersion = incumbent.map(StoredArtifact::version).orElse(null);
    int version = registry.startTenantModel(tenantId, metaInitVersion, job.jobId());
    try {
      progress.report(0.05, "reading events");
      TenantData data = reader.read(tenantId, config.maxAdaptationEvents());
      progress.report(0.2, "adapting " + (metaInitVersion == null ? "from scratch (no meta-init yet)" : "meta-init " + metaInitVersion)
          + " to " + data.numInteractions() + " events");
      TenantAdapter.Outcome outcome = TenantAdapter.adapt(
          metaInit.map(StoredArtifact::bytes).orElse(null),
          metaInitVersion == null ? null : "meta-init " + metaInitVersion,
          incumbent.map(StoredArtifact::bytes).orElse(null),
          data, job.jobId(),
          (fraction, message) -> progress.report(0.2 + 0.7 * fraction, message), maxSteps);
      registry.storeTenantModel(tenantId, version, new TrainingResult(outcome.artifact(), metrics(outcome, incumbentVersion),
          (long) outcome.events(), outcome.items(), instant(outcome.firstTimestamp()), instant(outcome.lastTimestamp())));
      ModelStatus status = registry.decideTenantModel(tenantId, version, incumbentVersion, outcome.promote(), outcome.reason());
      String summary = TenantModel.label(version) + " " + status.wireName() + ": " + outcome.reason().replaceFirst("^(rejected|promoted): ", "");
      LOG.infof("Tenant %s: %s (%.1f s)", tenantId, summary, outcome.seconds());
      return summary;
    } catch (Exception | Error e) {
      registry.failTenantModel(tenantId, version, "failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      throw e;
    }
  }

  private String metrics(TenantAdapter.Outcome o, Integer incumbentVersion) {
    ObjectNode m = json.createObjectNode();
    m.put("validationNdcgAt10", o.validationNdcg());
    m.put("popularityValidationNdcgAt10", o.popularityValidationNdcg());
    m.put("promotedValidationNdcgAt10", o.incumbentValidationNdcg());
    if (incumbentVersion != null) {
      m.put("comparedWith", TenantModel.label(incumbentVersion));
    }
    m.put("validationUsers", o.validationUsers());
    m.put("guarded", o.guarded());
    m.put("steps", o.steps());
    m.put("adaptSeconds", o.seconds());
    if (o.promote()) {
      m.put("servedAs", Blend.describe(o.lambda()));
    }
    ServingEvidence.Entry e = o.evidence();
    if (e != null) {
      ObjectNode evidence = m.putObject("evidence");
      evidence.put("events", e.events());
      evidence.put("tenants", e.tenants());
      evidence.put("expectedRatio", e.ratioMean());
      evidence.put("ratioLow", e.ciLow());
      evidence.put("ratioHigh", e.ciHigh());
      evidence.put("summary", e.summary());
    }
    return m.toString();
  }

  private static Instant instant(Long epochSeconds) {
    return epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds);
  }
}
