package io.warmstart.platform.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.warmstart.platform.jobs.Job;
import io.warmstart.platform.jobs.JobHandler;
import io.warmstart.platform.jobs.JobProgress;
import io.warmstart.platform.models.ModelRegistry.StoredArtifact;
import io.warmstart.trainer.artifact.Blend;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.policy.ServingEvidence;
import io.warmstart.trainer.service.MetaTraining;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Meta-trains a new shared initialisation over the active tenants that opted in
 * ({@code share_for_meta_learning}), measures per tenant size what it is worth to tenants it was
 * not trained on (cross-validated; the evidence tenants' models are served by), and promotes it
 * unless the promoted meta-init measures better on the tenants that one was not trained on.
 */
@ApplicationScoped
public class MetaTrainJobHandler implements JobHandler {

  public static final String KIND = "meta-train";
  private static final Logger LOG = Logger.getLogger(MetaTrainJobHandler.class);

  @Inject ModelRegistry registry;
  @Inject TrainingDataReader reader;
  @Inject TrainingConfig config;
  @Inject AgroalDataSource dataSource;
  @Inject ObjectMapper json;

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String run(Job job, JobProgress progress) throws Exception {
    JsonNode payload = json.readTree(job.payload());
    String algorithm = payload.hasNonNull("algorithm") ? payload.get("algorithm").asText() : config.metaTrainAlgorithm();
    int maxSteps = payload.hasNonNull("maxSteps") ? payload.get("maxSteps").asInt() : config.metaTrainMaxSteps();
    double maxSeconds = payload.hasNonNull("maxSeconds") ? payload.get("maxSeconds").asDouble() : config.metaTrainMaxTime().toSeconds();
    List<String> tenants = sharingTenants();
    if (tenants.isEmpty()) {
      return "skipped: " + nothingToLearnFrom();
    }
    Optional<StoredArtifact> incumbent = registry.promotedMetaInit();
    Integer incumbentVersion = incumbent.map(StoredArtifact::version).orElse(null);
    int version = registry.startMetaInit(algorithm, job.jobId());
    try {
      List<TenantData> data = new ArrayList<>();
      for (String tenant : tenants) {
        progress.report(0.1 * data.size() / tenants.size(), "reading " + tenant);
        data.add(reader.read(tenant, config.maxMetaTrainEventsPerTenant()));
      }
      MetaTraining.Options defaults = MetaTraining.Options.defaults();
      MetaTraining.Outcome outcome = MetaTraining.train(data, incumbent.map(StoredArtifact::bytes).orElse(null),
          new MetaTraining.Options(algorithm, maxSteps, maxSeconds, job.jobId(), config.metaTrainFolds(), defaults.model(),
              defaults.patience()),
          (fraction, message) -> progress.report(0.1 + 0.85 * fraction, message));
      registry.storeMetaInit(version, outcome.artifact(), outcome.trainingTenants(), outcome.validationTenants(),
          metrics(outcome, incumbentVersion));
      ModelStatus status = registry.decideMetaInit(version, incumbentVersion, outcome.promote(), outcome.reason());
      String summary = "meta-init " + version + " " + status.wireName() + ": " + outcome.reason().replaceFirst("^(rejected|promoted): ", "");
      LOG.info(summary);
      return summary;
    } catch (Exception | Error e) {
      registry.failMetaInit(version, "failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      throw e;
    }
  }

  String nothingToLearnFrom() {
    return "no active tenant shares its data for meta-learning (shareForMetaLearning) with at least "
        + config.metaTrainMinTenantEvents() + " events";
  }

  /** Active tenants that share their data for meta-learning and have enough events for it. */
  List<String> sharingTenants() throws SQLException {
    // Bounded counts: whether a tenant has enough events is decided without counting all of them.
    String sql = "SELECT t.tenant_id FROM tenants t WHERE t.status = 'ACTIVE' AND t.share_for_meta_learning "
        + "AND (SELECT count(*) FROM (SELECT 1 FROM events e WHERE e.tenant_id = t.tenant_id LIMIT ?) bounded) >= ? ORDER BY t.tenant_id";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setInt(1, config.metaTrainMinTenantEvents());
      query.setInt(2, config.metaTrainMinTenantEvents());
      List<String> tenants = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          tenants.add(rows.getString(1));
        }
      }
      return tenants;
    }
  }

  private String metrics(MetaTraining.Outcome o, Integer incumbentVersion) {
    ObjectNode m = json.createObjectNode();
    m.put("steps", o.steps());
    m.put("seconds", o.seconds());
    m.put("servedValue", o.value());
    m.put("promotedServedValue", o.incumbentValue());
    if (incumbentVersion != null) {
      m.put("comparedWith", incumbentVersion);
    }
    ArrayNode evidence = m.putArray("evidence");
    if (o.evidence() != null) {
      for (ServingEvidence.Entry e : o.evidence().entries()) {
        ObjectNode n = evidence.addObject();
        n.put("events", e.events());
        n.put("tenants", e.tenants());
        n.put("users", e.users());
        n.put("popularityNdcgAt10", e.popularityNdcg());
        n.put("bestNdcgAt10", e.bestNdcg());
        n.put("bestBlend", Blend.describe(e.bestLambda()));
        n.put("ratio", e.ratioMean());
        n.put("ratioLow", e.ciLow());
        n.put("ratioHigh", e.ciHigh());
        n.put("wins", e.wins());
        n.put("losses", e.losses());
        n.put("served", Blend.describe(e.lambda()));
      }
    }
    return m.toString();
  }
}
