package io.warmstart.platform.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warmstart.platform.audit.AuditLog;
import io.warmstart.platform.jobs.Job;
import io.warmstart.platform.jobs.JobQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** Adaptations started by a person (an operator or the tenant's admin) rather than by the scheduler. */
@ApplicationScoped
public class AdaptationRequests {

  @Inject JobQueue queue;
  @Inject AuditLog audit;
  @Inject ObjectMapper json;

  /** Queues an adaptation of the tenant (joining one already queued) and records who asked for it. */
  public Job requestAdaptation(String tenantId, Integer maxSteps, String trigger) {
    ObjectNode payload = json.createObjectNode().put("trigger", trigger);
    if (maxSteps != null) {
      payload.put("maxSteps", maxSteps);
    }
    Job job = queue.enqueue(tenantId, AdaptJobHandler.KIND, payload.toString());
    audit.record(tenantId, "model.adapt", Map.of("jobId", job.jobId(), "trigger", trigger, "maxSteps", maxSteps == null ? "default" : maxSteps));
    return job;
  }
}
